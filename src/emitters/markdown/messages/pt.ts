import { match } from "ts-pattern";
import { ptChanges } from "./pt-changes.js";
import type { Messages } from "./types.js";
import { chain } from "../long-lists.js";

const join = (xs: string[]) => xs.join(", ");
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Portuguese wording of the schema-change doc (the reference template's language). */
export const pt: Messages = {
  language: "pt",
  yes: "Sim",
  no: "Não",
  none: "Nenhuma",
  headings: {
    title: (feature) => `Schema Changes: ${feature}`,
    contents: "Índice",
    summary: "Resumo",
    newModels: "Novos Models Sequelize",
    existingModels: "Alterações em Models Existentes",
    migrations: "Migrations",
    rollback: "Estratégia de Rollback",
    performance: "Performance",
    tenantValidation: "Multi-Tenant Validation",
    isolation: "Isolamento",
    risks: "Riscos e Mitigações",
    erDiagram: "Diagrama ER",
    relations: "Relações",
    indexes: "Índices",
    constraints: "Constraints",
    columns: "Colunas",
    up: "UP",
    down: "DOWN",
    howToRun: "Como executar",
    whatDownDoes: "O que o down faz",
    dataLoss: "Perda de dados",
    verify: "Verificação após o rollback",
    notes: "Observações",
  },
  lists: {
    reference: (count, list) => `${count} itens (lista ${list} abaixo)`,
    label: (list) => `**Lista ${list}:**`,
  },
  erPart: (part, parts, first, last) => `Parte ${part} de ${parts}: ${first} a ${last}`,
  meta: { migrations: (n) => (n === 1 ? "Migration" : "Migrations"), date: "Data", feature: "Feature", tenantRoot: "Raiz do tenant" },
  summary: {
    counts: (c) =>
      `Esta mudança cria ${plural(c.tables, "tabela", "tabelas")} (${c.tenant} tenant, ${c.global} global) com ` +
      `${plural(c.columns, "coluna", "colunas")}, ${plural(c.indexes, "índice", "índices")} e ` +
      `${plural(c.constraints, "constraint", "constraints")}.`,
    tenantScope: (field, root) => `Toda tabela tenant tem ${field} (NOT NULL, chave estrangeira para ${root}).`,
    noDescription: "(sem descrição)",
    changes: (c) =>
      `Este change set executa ${plural(c.operations, "operação", "operações")} em ${plural(c.migrations, "migration", "migrations")}` +
      `${c.altered > 0 ? `, alterando ${plural(c.altered, "tabela existente", "tabelas existentes")}` : ""}` +
      `${c.dropped > 0 ? `, removendo ${plural(c.dropped, "tabela", "tabelas")}` : ""}.`,
    alteredTable: (table, model, n) => `${table} (${model}): ${plural(n, "alteração", "alterações")}`,
    droppedTable: (table, model) => `${table} (${model}): removida`,
  },
  models: {
    scope: "Escopo",
    tenantScope: (field, root) => `tenant (${field} → ${root})`,
    globalScope: (reason) => `global: ${reason}`,
    description: "Descrição",
    columnsHeader: ["Atributo", "Coluna", "Tipo", "Nulo", "Default", "Notas"],
    primaryKey: "PK",
    autoIncrement: "auto-incremento",
    tenant: "tenant",
    enumValues: (values) => `enum: ${values}`,
    foreignKey: (target, onDelete) => `FK → ${target} (ON DELETE ${onDelete})`,
    association: (a, code) =>
      match(a)
        .with({ kind: "belongsToMany" }, (x) =>
          `${code("belongsToMany")} ${code(x.targetModel)} como ${code(x.as)} através de ${code(x.throughModel)} ` +
          `(foreignKey ${code(x.foreignKey)}, otherKey ${code(x.otherKey)})`,
        )
        .with({ kind: "belongsTo" }, { kind: "hasMany" }, { kind: "hasOne" }, (x) =>
          `${code(x.kind)} ${code(x.targetModel)} como ${code(x.as)} (foreignKey ${code(x.foreignKey)})`,
        )
        .exhaustive(),
    indexesHeader: ["Nome", "Colunas", "Único", "Método", "Parcial (WHERE)", "Motivo"],
    constraintsHeader: ["Nome", "Tipo", "Definição"],
    constraintKind: { primaryKey: "PRIMARY KEY", foreignKey: "FOREIGN KEY", check: "CHECK" },
  },
  existing: {
    header: ["Model", "Alteração", "Lock", "Risco"],
    change: (c, code, list) =>
      match(c)
        .with({ kind: "inverseAssociation" }, (x) => ({
          change: `${code(x.model)} ganha ${pt.models.association(x.association, code)}`,
          lock: "nenhum (só código do model)",
          risk: "Baixo: publique o model junto com a migration.",
        }))
        .with({ kind: "referencedBy" }, (x) => ({
          change: `Referenciada por ${list(x.references.map(code))} (novas chaves estrangeiras)`,
          lock: `SHARE ROW EXCLUSIVE em ${code(x.table)} enquanto as chaves estrangeiras são criadas`,
          risk: `Baixo: breve; escritas em ${code(x.table)} esperam a transação da migration.`,
        }))
        .exhaustive(),
  },
  migrations: {
    file: (file) => `Arquivo: ${file}`,
    empty: "(nenhum comando)",
    intro: (n) => (n === 1 ? "Um arquivo de migration:" : `${n} arquivos de migration, executados nesta ordem:`),
  },
  changes: ptChanges,
  rollback: {
    recordedAs: (ext) =>
      `Os nomes das migrations estão como o runner do projeto os registra em \`SequelizeMeta\`, terminando em ${ext} (config \`migrations.extension\`: \`".ts"\` quando ele roda os arquivos emitidos, \`".js"\` quando roda a saída do \`tsc\`).`,
    sequelizeCli: "Com sequelize-cli:",
    umzug: 'Com umzug 3 (exatamente estas migrations, da mais nova para a mais antiga, nunca uma posterior; `rerun: "SKIP"` pula uma que não está aplicada):',
    revertCodeFirst: "Publique o código da aplicação sem os novos models (e suas associações inversas) antes de rodar o down.",
    order: "O down executa as operações na ordem inversa do up:",
    dataLoss: (tables) => `Toda linha gravada em ${tables} desde a migration é perdida. Faça backup antes se a feature foi usada:`,
    noDataLoss: "Rodar o down não perde dados.",
    verifyIntro: "Cada consulta deve retornar nenhuma linha:",
    verifyTablesGone: "tabelas que não devem mais existir",
    verifyMeta: "as migrations não devem mais estar registradas (comparadas sem a extensão, .ts ou .js)",
    revertChangesFirst: "Publique um código que funcione com o schema anterior (nomes antigos, sem as colunas novas) antes de rodar o down.",
    runInReverse: "Desfaça o change set desfazendo suas migrations da mais nova para a mais antiga:",
    phases: "Fases expand/contract",
    phasesIntro: "Renames mantêm o nome antigo funcionando enquanto o código é publicado; publique entre as fases:",
    destructiveTitle: "Alterações destrutivas",
    destructive: (items) => `Este change set destrói dados: ${items}. Faça backup ANTES de rodar o up:`,
    structureNotData: "O down restaura a estrutura, não os dados: restaure o backup manualmente se os dados forem necessários.",
    rollbackLoss: (items) => `O down descarta valores gravados desde a migration: ${items}.`,
    verifyColumnsGone: "colunas que não devem mais existir",
    verifyColumnsBack: "colunas que devem existir de novo",
    verifyTablesBack: "tabelas que devem existir de novo",
    verifyIndexesGone: "índices que não devem mais existir",
    acknowledged: (item, reason, where) => `${item}: reconhecido${where ? ` em ${where}` : ""}: “${reason}”`,
    unacknowledged: (item) => `${item}: nenhum acknowledgeDataLoss no schema o cobre: foi aceito com \`--allow-destructive\`.`,
    invalidIndexTitle: "Se a criação concorrente de um índice falhar",
    invalidIndex: (indexes) =>
      `Um CREATE INDEX CONCURRENTLY que falha (espera por lock, deadlock, duplicata num índice único, sessão cancelada) deixa o índice para trás, INVALID: nunca usado por consultas, mas mantido a cada escrita. O \`IF NOT EXISTS\` da nova execução o pularia, então remova-o antes; isso vale para ${indexes} (no up e no down).`,
    invalidIndexDetect: "Encontre índices INVALID (qualquer linha indica uma construção que falhou):",
    invalidIndexDrop: "Remova cada um retornado e rode a migration (up ou down) de novo:",
  },
  indexReason: {
    tenantFilter: (r) => `Toda consulta filtra pelo tenant (${r.field}).`,
    foreignKeyLookup: (r) => `Atende joins e buscas por ${r.field}, e mantém rápidos os deletes na tabela referenciada.`,
    unique: (r) => `Garante que ${join(r.columns)} ${r.columns.length > 1 ? "sejam únicos" : "seja único"} ${r.perTenant ? "dentro de cada tenant" : "entre todos os tenants"}.`,
    declared: (r) => `Atende consultas que filtram ou ordenam por ${join(r.columns)}.`,
    tenantKey: (r) => `Chave composta do tenant: referências de tabelas tenant apontam para (${r.tenantField}, ${r.key}), então uma linha só referencia linhas do próprio tenant.`,
    junction: (r) => `Guarda cada par de ${r.left} e ${r.right} uma vez, e encontra os ${r.target} de um ${r.left}.`,
    existing: () => "Um índice que já existe no banco.",
    written: (r) => r.text,
  },
  performance: {
    existingIntro: "Índices adicionados a tabelas existentes (criados com CONCURRENTLY) e as consultas que atendem:",
    intro: (scoped) => `Consultas de exemplo que cada índice atende${scoped ? " (sempre filtradas pelo tenant)" : ""}:`,
    reason: (reason) => `Motivo: ${reason}`,
    note: (n, code, list) =>
      match(n)
        .with({ kind: "writeAmplification" }, (x) =>
          `${code(x.table)}: cada INSERT grava ${x.indexes} entradas de índice (incluindo a chave primária); cada UPDATE de coluna indexada as regrava.`,
        )
        .with({ kind: "ginWriteCost" }, (x) =>
          `${code(x.index)} em ${code(x.table)} é GIN: leituras por contenção baratas, mas escritas mais caras e entradas pendentes crescem até o VACUUM.`,
        )
        .with({ kind: "partialIndex" }, (x) =>
          `${code(x.index)} em ${code(x.table)} é parcial: o planner só o usa quando a consulta repete ${code(x.where)}.`,
        )
        .with({ kind: "emptyTables" }, (x) =>
          `${list(x.tables.map(code))} ${x.tables.length === 1 ? "começa vazia" : "começam vazias"}, então criar os índices não custa tempo nem lock perceptível.`,
        )
        .with({ kind: "paranoidFilter" }, (x) =>
          `${code(x.table)} é paranoid: o Sequelize adiciona ${code(`"${x.deletedAt}" IS NULL`)} a toda consulta, como nos exemplos.`,
        )
        .with({ kind: "concurrentBuild" }, (x) =>
          `${code(x.index)} é criado com CONCURRENTLY em ${code(x.table)}: duas varreduras da tabela, o tempo cresce com ela, escritas continuam; uma construção que falhe deixa um índice INVALID que a nova execução pularia (IF NOT EXISTS): remova-o antes (veja Estratégia de Rollback).`,
        )
        .with({ kind: "rewriteRebuild" }, (x) => `A reescrita de ${code(x.table)} também reconstrói seus ${x.indexes} índices (incluindo a chave primária).`)
        .exhaustive(),
  },
  tenant: {
    intro: "Uma caixa só é marcada quando o schema prova a propriedade.",
    advisory: "aviso",
    label: {
      "tenant-column": "Coluna tenant presente e NOT NULL",
      "tenant-foreign-key": "Chave estrangeira para a raiz do tenant",
      "tenant-index": "Coluna tenant indexada",
      "unique-scoped": "Índices únicos escopados pelo tenant",
      "references-tenant-scoped": "Tabelas referenciadas são tenant",
      "soft-delete": "Soft delete",
      "indexes-lead-with-tenant": "Índices declarados começam pela coluna tenant",
      "queries-tenant-filtered": "Consultas filtram pelo tenant (garantido)",
      "global-scope": "Tabela global com motivo declarado",
      "global-references": "Tabela global não referencia dados de tenant",
    },
    finding: (f, code) =>
      match(f)
        .with({ kind: "tenantColumnOk" }, (x) => `${code(x.field)} NOT NULL.`)
        .with({ kind: "tenantColumnMissing" }, (x) => `não há coluna ${code(x.field)}.`)
        .with({ kind: "tenantColumnNullable" }, (x) => `${code(x.field)} aceita nulo: uma linha poderia não pertencer a nenhum tenant.`)
        .with({ kind: "tenantColumnWrongType" }, (x) => `${code(x.field)} é ${x.actual}, mas a chave do tenant é ${x.expected}.`)
        .with({ kind: "tenantForeignKeyOk" }, (x) => `${code(x.name)}: ${code(x.field)} → ${code(`${x.table}.${x.key}`)}, ON DELETE ${x.onDelete}.`)
        .with({ kind: "tenantForeignKeyMissing" }, (x) => `não há chave estrangeira ${code(x.field)} → ${code(`${x.table}.${x.key}`)}: ids de tenant órfãos são possíveis.`)
        .with({ kind: "tenantIndexOk" }, (x) => `${code(x.index)} (btree, não parcial) começa por ${code(x.field)}.`)
        .with({ kind: "tenantIndexMissing" }, (x) => `nenhum índice btree não parcial começa por ${code(x.field)}: consultas do tenant varrem a tabela.`)
        .with({ kind: "uniqueScoped" }, (x) =>
          x.indexes.length === 0
            ? "não há índices únicos."
            : `${join(
                x.indexes.map(({ index, scope }) =>
                  match(scope)
                    .with({ kind: "tenantColumn" }, (s) => `${code(index)} contém ${code(s.column)}`)
                    .with({ kind: "primaryKey" }, (s) => `${code(index)} contém a chave primária ${code(s.column)}`)
                    .with({ kind: "tenantReference" }, (s) => `${code(index)} é escopado por ${code(s.column)}, referência à tabela tenant ${code(s.table)} (cada linha dela pertence a um só tenant)`)
                    .exhaustive(),
                ),
              )}.`,
        )
        .with({ kind: "uniqueUnscoped" }, (x) => `únicos entre todos os tenants (sem ${code(x.field)} nem chave de um tenant): ${join(x.indexes.map(code))}.`)
        .with({ kind: "referencesTenantScoped" }, (x) =>
          x.global.length === 0
            ? x.tables.length === 0 ? "referencia só a raiz do tenant." : `${join(x.tables.map(code))}.`
            : [...(x.tables.length === 0 ? [] : [`${join(x.tables.map(code))};`]), `globais (compartilhadas por todos os tenants): ${join(x.global.map(code))}.`].join(" "),
        )
        .with({ kind: "referencesUnscoped" }, (x) =>
          [
            x.global.length > 0 ? `referencia tabelas globais: ${join(x.global.map(code))}.` : "",
            x.unknown.length > 0 ? `referencia tabelas fora do schema, escopo desconhecido: ${join(x.unknown.map(code))}.` : "",
          ].filter(Boolean).join(" "),
        )
        .with({ kind: "softDeleteOk" }, (x) => `paranoid, ${code(x.field)} aceita nulo.`)
        .with({ kind: "softDeleteJunction" }, () => "tabela de junção: vínculos são removidos de fato; lados com soft delete mantêm seus vínculos.")
        .with({ kind: "softDeleteMissing" }, (x) => (x.paranoid ? "paranoid, mas sem coluna deletedAt anulável." : "não é paranoid: exclusões removem as linhas de vez."))
        .with({ kind: "indexesLeadWithTenant" }, (x) =>
          [
            x.indexes.length === 0 ? (x.exceptions.length === 0 ? "não há índices declarados." : "") : `${join(x.indexes.map(code))}.`,
            x.exceptions.length === 0
              ? ""
              : `Exceções: ${join(
                  x.exceptions.map(({ index, reason }) =>
                    `${code(index)} (${match(reason)
                      .with("gin", () => "GIN: a coluna tenant não é chave GIN sem a extensão btree_gin; consultas por tenant o combinam com o índice do tenant")
                      .with("gist", () => "GiST: a coluna tenant não é chave GiST sem a extensão btree_gist; consultas por tenant o combinam com o índice do tenant")
                      .with("hash", () => "hash: um índice hash tem uma só coluna")
                      .with("unique", () => "uma regra de unicidade: seu escopo por tenant é provado nos índices únicos")
                      .exhaustive()})`,
                  ),
                )}.`,
          ]
            .filter(Boolean)
            .join(" "),
        )
        .with({ kind: "indexesNotLeadingWithTenant" }, (x) => `não começam por ${code(x.field)}: ${join(x.indexes.map(code))}.`)
        .with({ kind: "queriesEnforced" }, (x) =>
          `${[
            ...(x.rls ? [`row-level security: policy ${code(x.rls.policy)} sobre ${code(x.rls.setting)} (FORCE, o owner também)`] : []),
            ...(x.guard ? [`o guard de runtime dos models emitidos (${code("isolation.guard")}) recusa chamadas de model não restritas a um tenant`] : []),
          ].join("; ")}.${layers(x)}`,
        )
        .with({ kind: "queriesNotEnforced" }, (x) => `nada o garante: nem row-level security (${code("isolation.rls")}) nem o guard de runtime (${code("isolation.guard")}); as consultas dependem dos filtros da aplicação.${layers(x)}`)
        .with({ kind: "globalReason" }, (x) => x.reason)
        .with({ kind: "globalReasonMissing" }, () => "nenhum motivo declarado.")
        .with({ kind: "globalReferencesOk" }, () => "não referencia tabelas de tenant.")
        .with({ kind: "globalReferencesTenant" }, (x) => `referencia tabelas de tenant: ${join(x.tables.map(code))}.`)
        .exhaustive(),
  },
  isolation: {
    intro:
      "Quais camadas mantêm separadas as linhas de cada tenant (README, Tenant isolation): chaves no banco (chaves compostas com o tenant: uma linha só referencia linhas do seu tenant), a coluna tenant imutável (uma linha não muda de tenant), row-level security (o banco mostra e aceita só as linhas do tenant atual) e o guard de runtime dos models emitidos (chamadas de model não restritas a um tenant são recusadas). Tabelas globais são compartilhadas e ficam como estão.",
    noTenantTables: "Este change set não toca nenhuma tabela de tenant.",
    layersTitle: "Camadas por tabela",
    layersHeader: ["Tabela", "Chaves no banco", "Tenant imutável", "Row-level security", "Guard de runtime"],
    policiesTitle: "Policies",
    policiesIntro: (setting) =>
      `Cada tabela tem ENABLE e FORCE ROW LEVEL SECURITY (FORCE: o owner também) e uma policy para todos os comandos, como as migrations a criam: USING (as linhas que uma consulta vê, atualiza e apaga) e WITH CHECK (as linhas que ela pode gravar) são a mesma condição sobre ${setting}, o tenant que \`withTenant\` define para uma transação. Sem ele (nunca definido, ou '' numa conexão do pool) a condição é NULL: nenhuma linha é vista nem gravada, nunca todas.`,
    policiesHeader: ["Tabela", "Policy", "USING e WITH CHECK"],
    noPolicies:
      "Row-level security está desligada (`isolation.rls`): nenhuma policy, então o banco não restringe as consultas a um tenant, nenhuma role do banco precisa ser preparada para isso e não há o que testar em SQL.",
    rolesTitle: "Roles",
    roles: [
      "A aplicação conecta com uma role que não é dona de nenhuma dessas tabelas e não tem SUPERUSER nem BYPASSRLS: um superuser ou uma role com BYPASSRLS ignora todas as policies, e o owner pode desligá-las.",
      "As migrations rodam como owner das tabelas, com BYPASSRLS: o FORCE sujeita o owner às policies também, e um backfill não atualizaria nenhuma linha.",
    ],
    rolesCheck: "Conectado como a role da aplicação, nenhuma das consultas deve retornar linhas:",
    rolesBypass: "a role da aplicação não ignora nenhuma policy",
    rolesOwner: "e não é dona de nenhuma tabela com row-level security",
    testTitle: "Como testar",
    testIntro: (role) => `Numa transação desfeita no fim, como a role da aplicação (${role} aqui; rode como uma role que pode fazer SET ROLE para ela: um superuser, ou um membro dela), com linhas de dois tenants na tabela:`,
    testOwnRows: "as linhas do tenant 1, e só elas",
    testOtherTenant: "deve retornar 0: as linhas de outro tenant são invisíveis",
    testNoTenant: "deve retornar 0: sem tenant, nenhuma linha",
  },
  risks: {
    header: ["Risco", "Impacto", "Mitigação"],
    noneFound: "Nenhum risco identificado.",
    risk: (r, code, list) =>
      match(r)
        .with({ kind: "tenantCascade" }, (x): [string, string, string] => [
          `Excluir uma linha de ${code(x.root)} propaga: ${list(x.tables.map(code))}`,
          "Um hard delete do tenant apaga suas linhas de vez (ON DELETE CASCADE ignora o paranoid).",
          "Desative tenants com soft delete; exporte ou faça backup antes de um hard delete; exclua em lotes.",
        ])
        .with({ kind: "cascadeChain" }, (x): [string, string, string] => [
          `Cadeia ON DELETE CASCADE: ${chain(x.path.map(code), (n) => `mais ${n}`)}`,
          `Um hard delete de uma linha de ${code(x.path[0] ?? "")} também apaga as linhas abaixo dela.`,
          "Exclua os pais pelo Sequelize (paranoid) para que as linhas sofram soft delete; use RESTRICT se os filhos devem sobreviver.",
        ])
        .with({ kind: "crossTenantReference" }, (x): [string, string, string] => [
          `${code(`${x.table}.${x.column}`)} → ${code(x.target)} não é verificada como do mesmo tenant`,
          "Uma linha poderia apontar para a linha de outro tenant (uma chave estrangeira de uma coluna não enxerga o tenant).",
          `Sempre filtre as consultas por ${code(x.tenantField)}; confira o ${code(x.tenantField)} do alvo antes de gravar; ou use chave estrangeira composta (${x.tenantField}, ${x.column}).`,
        ])
        .with({ kind: "setNull" }, (x): [string, string, string] => [
          `${code(`${x.table}.${x.column}`)} é ON DELETE SET NULL`,
          `Excluir uma linha de ${code(x.target)} limpa a referência silenciosamente.`,
          "Trate nulo no código e na interface (ex.: \"sem responsável\"); o soft delete mantém a referência.",
        ])
        .with({ kind: "jsonbWithoutGin" }, (x): [string, string, string] => [
          `${code(`${x.table}.${x.column}`)} é JSONB sem índice GIN`,
          "Filtrar pelo conteúdo varre todas as linhas do tenant.",
          "Mantenha-o como payload opaco, ou crie um índice GIN quando houver filtros por ele (@>).",
        ])
        .with({ kind: "uniqueWithSoftDelete" }, (x): [string, string, string] => [
          `${code(x.index)} é único numa tabela paranoid`,
          "Linhas com soft delete mantêm o valor: recriá-lo falha por violação de unicidade.",
          `Restaure a linha excluída, ou torne o índice parcial: WHERE ${code(`"${x.deletedAt}" IS NULL`)}.`,
        ])
        .with({ kind: "foreignKeyWithoutIndex" }, (x): [string, string, string] => [
          `${code(`${x.table}.${x.column}`)} não tem índice que comece por ela`,
          `Excluir ou alterar uma linha de ${code(x.target)} varre ${code(x.table)}.`,
          `Crie um índice em ${code(x.column)}.`,
        ])
        .with({ kind: "referencedTableLock" }, (x): [string, string, string] => [
          `Novas chaves estrangeiras de ${list(x.fromTables.map(code))} travam ${code(x.table)}`,
          "Lock SHARE ROW EXCLUSIVE: escritas nela esperam o commit da migration.",
          "Rode a migration fora do pico; defina lock_timeout para falhar rápido em vez de enfileirar escritas.",
        ])
        .with({ kind: "tenantCheckFailed" }, (x): [string, string, string] => [
          `${code(x.table)}: ${x.check} não comprovado`,
          x.detail,
          "Corrija a declaração do schema e emita novamente.",
        ])
        .exhaustive(),
  },
};

/** As camadas de isolamento além de RLS que protegem a tabela, como frase. */
const layers = (x: { keys: boolean; immutableTenant: boolean }): string => {
  const list = [...(x.keys ? ["chaves de tenant compostas"] : []), ...(x.immutableTenant ? ["coluna tenant imutável"] : [])];
  return list.length === 0 ? "" : ` Também protegida por: ${list.join(", ")}.`;
};
