import { match } from "ts-pattern";
import type { ChangeMessages } from "./types.js";
import { defaultText } from "../sql-type.js";

const join = (xs: string[]) => xs.join(", ");
const squawk = (rules: string[], code: (s: string) => string) => (rules.length === 0 ? "" : ` (squawk: ${join(rules.map(code))})`);

/** Portuguese wording of evolution operations. */
export const ptChanges: ChangeMessages = {
  operation: {
    createTable: (f, code) => `cria ${code(f.table)}`,
    dropTable: (f, code) => `remove a tabela ${code(f.table)} e seus dados`,
    renameTableDirect: (f, code) => `renomeia ${code(f.from)} para ${code(f.to)} (com sua sequence, índices e constraints)`,
    renameTableExpand: (f, code) => `renomeia ${code(f.from)} para ${code(f.to)} e mantém ${code(f.from)} como view atualizável (expand)`,
    dropCompatibilityView: (f, code) => `remove a view de compatibilidade ${code(f.view)} (contract)`,
    addNullableColumn: (f, code) => `adiciona a coluna ${code(f.column)} (aceita nulo)`,
    addNullableColumnWithDefault: (f, code) => `adiciona a coluna ${code(f.column)} (aceita nulo, default ${code(defaultText(f.default, f.type))})`,
    addNotNullColumn: (f, code) => `adiciona a coluna ${code(f.column)} (NOT NULL)`,
    addNotNullColumnWithDefault: (f, code) => `adiciona a coluna ${code(f.column)} (NOT NULL, default ${code(defaultText(f.default, f.type))})`,
    dropColumn: (f, code) => `remove a coluna ${code(f.column)} e seus dados`,
    renameColumn: (f, code) => `renomeia a coluna ${code(f.from)} para ${code(f.to)}`,
    expandColumnRename: (f, code) => `adiciona ${code(f.to)} ao lado de ${code(f.from)}, sincronizadas nos dois sentidos por um trigger (expand)`,
    contractColumnRename: (f, code) => `remove a coluna antiga ${code(f.old)} com seu trigger de sincronização, índices e constraints (contract)`,
    changeColumnType: (f, code) => `muda ${code(f.column)} de ${code(f.from)} para ${code(f.to)} (sem reescrita)`,
    changeColumnTypeUsing: (f, code) => `muda ${code(f.column)} de ${code(f.from)} para ${code(f.to)} usando ${code(f.using)} (sem reescrita)`,
    rewriteColumnType: (f, code) => `muda ${code(f.column)} de ${code(f.from)} para ${code(f.to)} (reescreve a tabela)`,
    rewriteColumnTypeUsing: (f, code) => `muda ${code(f.column)} de ${code(f.from)} para ${code(f.to)} usando ${code(f.using)} (reescreve a tabela)`,
    backfill: (f, code) => `preenche os NULLs de ${code(f.column)} com ${code(f.expression)} em lotes`,
    backfillPerTenant: (f, code) => `preenche os NULLs de ${code(f.column)} com ${code(f.expression)} em lotes por tenant`,
    setNotNull: (f, code) => `torna ${code(f.column)} NOT NULL, em etapas, por um CHECK validado`,
    dropNotNull: (f, code) => `faz ${code(f.column)} aceitar nulo`,
    setDefault: (f, code) => `muda o default de ${code(f.column)} de nenhum para ${code(defaultText(f.to, f.type))}`,
    dropDefault: (f, code) => `muda o default de ${code(f.column)} de ${code(defaultText(f.from, f.type))} para nenhum`,
    changeDefault: (f, code) => `muda o default de ${code(f.column)} de ${code(defaultText(f.from, f.type))} para ${code(defaultText(f.to, f.type))}`,
    keepNoDefault: (f, code) => `muda o default de ${code(f.column)} de nenhum para nenhum`,
    alterColumnComment: (f, code) => `muda o comentário de ${code(f.column)}`,
    alterTableComment: () => "muda o comentário da tabela",
    addIndex: (f, code) => `cria o índice ${code(f.index)}`,
    addIndexConcurrently: (f, code) => `cria o índice ${code(f.index)} concorrentemente`,
    dropIndex: (f, code) => `remove o índice ${code(f.index)}`,
    dropIndexConcurrently: (f, code) => `remove o índice ${code(f.index)} concorrentemente`,
    renameIndex: (f, code) => `renomeia o índice ${code(f.from)} para ${code(f.to)}`,
    addCheck: (f, code) => `adiciona o check ${code(f.check)}`,
    addCheckNotValid: (f, code) => `adiciona o check ${code(f.check)} NOT VALID`,
    dropCheck: (f, code) => `remove o check ${code(f.check)}`,
    addForeignKey: (f, code) => `adiciona a chave estrangeira ${code(f.foreignKey)} → ${code(f.referencedTable)}`,
    addForeignKeyNotValid: (f, code) => `adiciona a chave estrangeira ${code(f.foreignKey)} → ${code(f.referencedTable)} NOT VALID`,
    dropForeignKey: (f, code) => `remove a chave estrangeira ${code(f.foreignKey)}`,
    renameConstraint: (f, code) => `renomeia a constraint ${code(f.from)} para ${code(f.to)}`,
    validateConstraint: (f, code) => `valida ${code(f.name)} contra as linhas existentes`,
    replaceEnumCheck: (f, code) => `substitui o check do enum de ${code(f.column)} (NOT VALID, validado depois)`,
    addEnumCheckValues: (f, code) => `adiciona ${join(f.values.map(code))}`,
    removeRemappedEnumValues: (f, code) => `remove ${join(f.pairs.map((pair) => `${code(pair.from)} (suas linhas viram ${code(pair.to)})`))}`,
    removeEnumValues: (f, code) => `remove ${join(f.values.map(code))} (antes recusa, sem mudar nada, enquanto houver linhas com eles)`,
    remapEnumValues: (f, code) => `converte as linhas de ${code(f.column)} em lotes: ${join(f.pairs.map((pair) => `${code(pair.from)} → ${code(pair.to)}`))}`,
    remapEnumValuesPerTenant: (f, code) => `converte as linhas de ${code(f.column)} em lotes por tenant: ${join(f.pairs.map((pair) => `${code(pair.from)} → ${code(pair.to)}`))}`,
    createEnumType: (f, code) => `cria o tipo ENUM do PostgreSQL ${code(f.type)} (${join(f.values.map((v) => code(`'${v}'`)))})`,
    dropEnumType: (f, code) => `remove o tipo ENUM do PostgreSQL ${code(f.type)}, que nenhuma coluna usa mais`,
    addEnumValue: (f, code) => `adiciona ${code(`'${f.value}'`)} ao tipo ENUM do PostgreSQL ${code(f.type)} (fora de transação)`,
    addImmutableTenant: (f, code) => `torna ${code(f.column)} imutável após o insert (trigger ${code(f.trigger)})`,
    enableRowLevelSecurity: (f, code) => `habilita e força row-level security com a policy ${code(f.policy)} (${code(f.setting)})`,
    dropImmutableTenant: (f, code) => `remove o trigger de tenant imutável ${code(f.trigger)}`,
    disableRowLevelSecurity: (f, code) => `remove a policy ${code(f.policy)} e desabilita row-level security`,
  },
  undo: {
    dropCreatedTable: (f, code) => `remove ${code(f.table)} com seus índices, chaves estrangeiras e checks`,
    recreateTable: (f, code) => `recria ${code(f.table)} com seus índices e constraints, vazia`,
    renameTableBack: (f, code) => `renomeia ${code(f.table)} de volta para ${code(f.to)}`,
    renameTableBackDroppingView: (f, code) => `remove a view ${code(f.to)} e renomeia ${code(f.table)} de volta para ${code(f.to)}`,
    recreateCompatibilityView: (f, code) => `recria a view ${code(f.view)} sobre ${code(f.table)}`,
    dropAddedColumn: (f, code) => `remove ${code(f.column)} de ${code(f.table)}`,
    restoreColumn: (f, code) => `restaura ${code(f.column)} em ${code(f.table)} com seus índices e constraints, sem os valores`,
    renameColumnBack: (f, code) => `renomeia ${code(f.column)} de volta para ${code(f.to)}`,
    dropExpandedColumn: (f, code) => `remove o trigger de sincronização e ${code(f.column)}; ${code(f.old)} ainda guarda todos os valores`,
    restoreContractedColumn: (f, code) => `restaura ${code(f.column)} com seus índices, constraints e trigger de sincronização`,
    changeColumnTypeBack: (f, code) => `volta ${code(f.column)} para ${code(f.to)}`,
    changeColumnTypeBackUsing: (f, code) => `volta ${code(f.column)} para ${code(f.to)} usando ${code(f.using)}`,
    keepBackfilledValues: (f, code) => `nada: os valores gravados em ${code(f.column)} permanecem`,
    makeNullableAgain: (f, code) => `faz ${code(f.column)} aceitar nulo de novo`,
    makeNotNullAgain: (f, code) => `torna ${code(f.column)} NOT NULL de novo (falha se NULLs foram gravados nesse meio-tempo)`,
    restoreDefault: (f, code) => `restaura o default de ${code(f.column)}`,
    restoreColumnComment: (f, code) => `restaura o comentário de ${code(f.column)}`,
    restoreTableComment: (f, code) => `restaura o comentário de ${code(f.table)}`,
    dropAddedIndex: (f, code) => `remove o índice ${code(f.index)}`,
    recreateIndex: (f, code) => `recria o índice ${code(f.index)}`,
    renameIndexBack: (f, code) => `renomeia o índice ${code(f.index)} de volta para ${code(f.to)}`,
    dropAddedCheck: (f, code) => `remove o check ${code(f.check)}`,
    recreateCheck: (f, code) => `recria o check ${code(f.check)}`,
    dropAddedForeignKey: (f, code) => `remove a chave estrangeira ${code(f.foreignKey)}`,
    recreateForeignKey: (f, code) => `recria a chave estrangeira ${code(f.foreignKey)}`,
    renameConstraintBack: (f, code) => `renomeia a constraint ${code(f.constraint)} de volta para ${code(f.to)}`,
    keepValidated: (f, code) => `nada: ${code(f.name)} continua válida`,
    restoreEnumCheck: (f, code) => `restaura o check anterior do enum ${code(f.check)} em ${code(f.column)}`,
    remapEnumValueBack: (f, code) => `converte ${code(f.to)} de volta em ${code(f.from)} (junto com o check do enum, num UPDATE)`,
    keepMergedEnumValue: (f, code) => `nada para ${code(f.from)}: suas linhas continuam ${code(f.to)} (uma fusão com um valor que já existia não se distingue)`,
    dropCreatedEnumType: (f, code) => `remove o tipo ${code(f.type)}`,
    recreateEnumType: (f, code) => `recria o tipo ${code(f.type)}`,
    rebuildEnumTypeWithoutValue: (f, code, list) =>
      `reconstrói ${code(f.type)} sem ${code(`'${f.value}'`)} (o PostgreSQL não remove valores de enum): o tipo é trocado e ${list(f.columns.map(code))} convertidas, reescrevendo essas tabelas; falha se alguma linha tiver o valor`,
    dropImmutableTenant: (f, code) => `remove o trigger ${code(f.trigger)} e sua função`,
    disableRowLevelSecurity: (f, code) => `remove a policy ${code(f.policy)} e desabilita row-level security`,
    recreateImmutableTenant: (f, code) => `recria o trigger ${code(f.trigger)}`,
    reenableRowLevelSecurity: (f, code) => `reabilita row-level security com a policy ${code(f.policy)}`,
  },
  lock: (l, code) =>
    match(l)
      .with({ kind: "newTable" }, (x) => `nenhum em dados existentes (${code(x.table)} é nova)`)
      .with({ kind: "metadata" }, (x) => `ACCESS EXCLUSIVE em ${code(x.table)}, breve: só metadados`)
      .with({ kind: "rewrite" }, (x) => `ACCESS EXCLUSIVE em ${code(x.table)} durante toda a reescrita da tabela: leituras e escritas esperam`)
      .with({ kind: "catalog" }, (x) => `SHARE UPDATE EXCLUSIVE em ${code(x.table)}, breve: leituras e escritas continuam`)
      .with({ kind: "view" }, (x) => `ACCESS EXCLUSIVE só na view ${code(x.view)}, breve`)
      .with({ kind: "validate" }, (x) => `SHARE UPDATE EXCLUSIVE em ${code(x.table)} enquanto ela é varrida: leituras e escritas continuam`)
      .with({ kind: "concurrent" }, (x) => `SHARE UPDATE EXCLUSIVE em ${code(x.table)} (CONCURRENTLY): leituras e escritas continuam`)
      .with({ kind: "blockingIndex" }, (x) => `SHARE em ${code(x.table)} durante toda a construção: leituras continuam, escritas esperam`)
      .with({ kind: "blockingScan" }, (x) => `ACCESS EXCLUSIVE em ${code(x.table)} enquanto cada linha é verificada`)
      .with({ kind: "foreignKey" }, (x) =>
        `SHARE ROW EXCLUSIVE em ${join(x.tables.map(code))}${x.scan ? " durante toda a varredura: escritas esperam" : ", breve: escritas esperam só a mudança no catálogo"}`,
      )
      .with({ kind: "rowBatches" }, (x) => `ROW EXCLUSIVE em ${code(x.table)}; locks de linha de um lote por vez`)
      .with({ kind: "staged" }, (x) => `ACCESS EXCLUSIVE em ${code(x.table)}, breve, três vezes; SHARE UPDATE EXCLUSIVE durante a varredura de validação`)
      .exhaustive(),
  level: { low: "Baixo", medium: "Médio", high: "Alto" },
  risk: {
    newTable: () => "tabela nova: nada a usa ainda.",
    tableDataLost: () => "os dados são perdidos; código que ainda usa o model quebra. Reconhecido no schema.",
    columnDataLost: () => "os dados são perdidos; código que ainda lê a coluna quebra. Reconhecido no schema.",
    oldNameBreaks: () => "código em execução que usa o nome antigo quebra até o novo código ser publicado.",
    oldNameThroughView: () => "código antigo continua funcionando pela view até a fase contract.",
    syncTriggerCost: () => "o trigger adiciona um pequeno custo a cada escrita até a fase contract.",
    contractDropsOldName: (r, code) => `código que ainda usa ${code(r.name)} quebra: faça o contract só quando nenhum estiver publicado.`,
    tableRewrite: () => "a tabela fica indisponível durante a reescrita; o tempo cresce com o tamanho.",
    catalogOnly: () => "só muda o catálogo.",
    rowBatches: () => "muitos UPDATEs pequenos: mais WAL e atraso de replicação, sem lock longo.",
    notNullValidationScan: () => "a varredura de validação lê a tabela inteira sem bloqueá-la.",
    nullsAllowed: () => "código que supõe um valor precisa tratar NULL.",
    validationScan: () => "varredura completa sem bloquear escritas; falha se alguma linha a viola.",
    enumValuesRemoved: () => "o código deve parar de gravar os valores removidos antes; linhas com um deles sem remap param a migration antes de ela mudar algo.",
    enumValuesAddedOnly: () => "só novos valores passam a ser válidos.",
    concurrentIndexBuild: () => "sem bloqueio; uma construção que falhe deixa um índice INVALID que o IF NOT EXISTS pularia: remova-o antes de rodar de novo.",
    blockingIndexBuild: () => "escritas esperam a construção.",
    indexDropped: () => "consultas que o usavam ficam mais lentas.",
    indexDroppedWithColumn: () => "removido junto com sua coluna, na mesma transação.",
    checkedWhenValidated: () => "linhas novas são verificadas já; as existentes, na validação.",
    checkedNow: () => "cada linha existente é verificada enquanto escritas esperam.",
    enumValueAfterCommit: () => "só muda o catálogo; o código pode gravar o novo valor depois que esta migration for confirmada.",
    immutableTenant: () => "um UPDATE que move uma linha para outro tenant passa a falhar.",
    rowLevelSecurity: (r, code) => `uma conexão sem ${code(r.setting)} (withTenant) não vê linhas; migrations rodam como owner com BYPASSRLS.`,
    isolationDropped: () => "remove uma camada de isolamento de tenant: só as outras protegem a tabela.",
  },
  migrationKind: (transaction, reasons) =>
    transaction
      ? "Roda numa única transação com `SET LOCAL lock_timeout` e `statement_timeout`: tudo ou nada, e desiste em vez de enfileirar atrás de um lock longo."
      : `Roda sem transação, cada comando por conta própria, e pode ser executada de novo após uma falha: ${join(
          reasons.map((r) =>
            match(r)
              .with("concurrentIndex", () => "CREATE/DROP INDEX CONCURRENTLY não roda dentro de uma transação")
              .with("backfill", () => "cada lote do backfill faz commit sozinho, para que os locks de linha sejam curtos")
              .with("validate", () => "VALIDATE só segura SHARE UPDATE EXCLUSIVE fora da transação que adicionou a constraint")
              .with("stagedNotNull", () => "cada etapa do NOT NULL em etapas pega seu lock curto na própria transação")
              .exhaustive(),
          ),
        )}.`,
  riskRow: (r, code, list) =>
    match(r)
      .with({ kind: "typeChange" }, (x): [string, string, string] => [
        `${code(`${x.table}.${x.column}`)}: ${code(x.from)} → ${code(x.to)}${x.rewrite ? " reescreve a tabela" : " (sem reescrita)"}${squawk(x.rules, code)}`,
        x.rewrite
          ? `ACCESS EXCLUSIVE em ${code(x.table)} durante toda a reescrita e a reconstrução dos índices: leituras e escritas esperam; o down converte de volta${x.using ? "" : " com um cast"}.`
          : "Só o catálogo muda: o lock é breve; clientes que guardam o tipo da coluna podem precisar reconectar.",
        x.rewrite
          ? `Rode fora do pico; meça antes: ${code(`SELECT pg_size_pretty(pg_total_relation_size('"${x.table}"'))`)}; para tabela grande prefira uma coluna nova com backfill e um rename.`
          : "Nenhuma necessária (aceito).",
      ])
      .with({ kind: "sqlDefault" }, (x): [string, string, string] => [
        `${code(`${x.table}.${x.column}`)} adicionada com o default por expressão ${code(x.expression)}${squawk(x.rules, code)}`,
        "Um default estável (now()) é guardado uma vez, sem reescrita; um volátil (random(), gen_random_uuid(), clock_timestamp()) reescreve a tabela sob ACCESS EXCLUSIVE.",
        "Mantenha o default estável, ou declare um backfill para preencher as linhas existentes em lotes.",
      ])
      .with({ kind: "droppedTable" }, (x): [string, string, string] => [
        `A tabela ${code(x.table)} é removida${squawk(x.rules, code)}`,
        "Suas linhas se perdem; o down recria a estrutura, não os dados. Código em execução que usa o model falha.",
        "Publique antes o código sem o model; faça backup antes do up (comandos em Estratégia de Rollback).",
      ])
      .with({ kind: "droppedColumn" }, (x): [string, string, string] => [
        `A coluna ${code(`${x.table}.${x.column}`)} é removida${squawk(x.rules, code)}`,
        "Seus valores se perdem; o down restaura a coluna vazia (estrutura, não dados). Código que a lê falha.",
        "Publique antes o código que não a lê mais; faça backup antes do up (comandos em Estratégia de Rollback).",
      ])
      .with({ kind: "enumValueAdded" }, (x): [string, string, string] => [
        `Valor ${code(`'${x.value}'`)} adicionado ao tipo ENUM ${code(x.type)}${squawk(x.rules, code)}`,
        "O ADD VALUE roda numa transação curta própria, sob lock_timeout (o valor pode ser usado depois do commit); espera transações que usam o tipo. O down não remove o valor: reconstrói o tipo e converte " +
          `${list(x.columns.map(code))}, reescrevendo essas tabelas sob ACCESS EXCLUSIVE, e falha enquanto alguma linha tiver o valor.`,
        "Rode quando nenhuma transação longa usar o tipo; antes de um down, tire as linhas do valor.",
      ])
      .with({ kind: "removedEnumValues" }, (x): [string, string, string] => [
        `Valores ${join(x.values.map(code))} removidos de ${code(`${x.table}.${x.column}`)}`,
        "Enquanto houver linhas com eles a primeira migration recusa, sem mudar nada, e o erro dá a contagem; linhas que você reescrever não são restauradas pelo down (ele só restaura o check).",
        `Publique código que pare de gravá-los; declare o que viram com ${code(`.remap({ ${x.values.map((v) => `${JSON.stringify(v)}: "<um valor mantido>"`).join(", ")} })`)} na coluna, ou faça backup e migre as linhas antes: ${code(`SELECT "id", "${x.column}" FROM "${x.table}" WHERE "${x.column}" IN (${x.values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ")})`)}.`,
      ])
      .with({ kind: "remappedEnumValues" }, (x): [string, string, string] => [
        `Linhas de ${code(`${x.table}.${x.column}`)} com valores removidos são convertidas: ${join(x.pairs.map((p) => `${code(p.from)} → ${code(p.to)}`))}`,
        [
          "UPDATEs em lotes antes da validação: mais WAL, sem lock longo.",
          x.pairs.some((p) => p.reversible) ? `O down converte ${join(x.pairs.filter((p) => p.reversible).map((p) => `${code(p.to)} de volta em ${code(p.from)}`))} (o destino é novo, então toda linha com ele foi convertida ou gravada por código novo).` : "",
          x.pairs.some((p) => !p.reversible) ? `Irreversível para ${join(x.pairs.filter((p) => !p.reversible).map((p) => code(p.from)))}: fundido num valor que já existia, o down não distingue essas linhas e as deixa convertidas.` : "",
        ].filter(Boolean).join(" "),
        `Publique antes o código que para de gravar os valores removidos; para manter a distinção, faça backup das linhas antes do up: ${code(`SELECT "id", "${x.column}" FROM "${x.table}" WHERE "${x.column}" IN (${x.pairs.map((p) => `'${p.from.replace(/'/g, "''")}'`).join(", ")})`)}.`,
      ])
      .with({ kind: "directRename" }, (x): [string, string, string] => [
        `${x.target === "table" ? "Tabela" : "Coluna"} ${code(x.from)} renomeada para ${code(x.to)} diretamente${squawk(x.rules, code)}`,
        "Código publicado antes do rename falha no nome antigo até o novo código rodar.",
        "Publique código e migration juntos, ou use a estratégia padrão expand-contract.",
      ])
      .with({ kind: "expandRename" }, (x): [string, string, string] => [
        `${x.target === "table" ? `Tabela ${code(x.from)} renomeada para ${code(x.to)}, nome antigo mantido como view` : `Coluna ${code(x.from)} expandida para ${code(x.to)}, sincronizada por um trigger`}${squawk(x.rules, code)}`,
        x.target === "table" ? "Código antigo continua funcionando pela view atualizável." : "Código antigo e novo funcionam; cada escrita paga pelo trigger.",
        "Remova a dica .renamedFrom só quando nenhum código publicado usar o nome antigo; o próximo emit faz o contract.",
      ])
      .with({ kind: "contractRename" }, (x): [string, string, string] => [
        `${x.target === "table" ? "View" : "Coluna antiga"} ${code(x.old)} removida (contract)${squawk(x.rules, code)}`,
        "Código que ainda usa o nome antigo falha.",
        "Aplique só depois que toda versão publicada usar o nome novo.",
      ])
      .with({ kind: "droppedNotNull" }, (x): [string, string, string] => [
        `${code(`${x.table}.${x.column}`)} passa a aceitar nulo${squawk(x.rules, code)}`,
        "Código que supõe um valor pode encontrar NULL; o down aplica SET NOT NULL de novo com uma varredura simples sob ACCESS EXCLUSIVE, e falha quando houver NULLs.",
        "Trate NULL no código antes da migration; preencha os NULLs e faça o rollback fora do pico.",
      ])
      .with({ kind: "stagedNotNull" }, (x): [string, string, string] => [
        `${code(`${x.table}.${x.column}`)} passa a NOT NULL em etapas`,
        `Um SET NOT NULL simples varre a tabela sob ACCESS EXCLUSIVE; aqui ${code(x.check)} é adicionado NOT VALID, validado sob SHARE UPDATE EXCLUSIVE, e o SET NOT NULL o usa e pula a varredura.`,
        "Se restar um NULL a validação falha: faça o backfill e rode de novo (toda etapa pode ser repetida).",
      ])
      .with({ kind: "notValidConstraint" }, (x): [string, string, string] => [
        `${code(x.name)} em ${code(x.table)} é adicionada NOT VALID e validada numa migration posterior`,
        "Adicionar e validar num passo só bloquearia escritas enquanto cada linha é verificada.",
        "Se a validação falhar, corrija as linhas problemáticas e rode a migration de novo.",
      ])
      .with({ kind: "validatedOnAdd" }, (x): [string, string, string] => [
        `${code(x.name)} em ${code(x.table)} é validada ao ser adicionada${squawk(x.rules, code)}`,
        x.foreignKey ? "SHARE ROW EXCLUSIVE nas duas tabelas durante toda a varredura." : "ACCESS EXCLUSIVE durante toda a varredura.",
        "Rode fora do pico, só em tabelas pequenas.",
      ])
      .with({ kind: "backfill" }, (x): [string, string, string] => [
        `${code(`${x.table}.${x.column}`)} recebe backfill${x.perTenant ? " por tenant" : ""} em lotes`,
        "Muitos UPDATEs curtos: volume de WAL e atraso de replicação crescem com a tabela; sem lock longo.",
        "Rode fora do pico; acompanhe o atraso de replicação; o backfill continua de onde parou se executado de novo.",
      ])
      .with({ kind: "blockingIndex" }, (x): [string, string, string] => [
        `${code(x.index)} ${x.drop ? "removido" : "criado"} sem CONCURRENTLY${squawk(x.rules, code)}`,
        x.drop ? "Removido junto com sua coluna na migration transacional: ACCESS EXCLUSIVE breve." : "Escritas na tabela esperam toda a construção.",
        x.drop ? "Nenhuma necessária (aceito): a remoção da coluna pega o mesmo lock." : "Crie-o concorrentemente em tabelas grandes.",
      ])
      .with({ kind: "typeConvention" }, (x): [string, string, string] => [
        `${match(x.convention)
          .with("varchar", () => "Colunas VARCHAR(n) (enums inclusive)")
          .with("integer", () => "Colunas INTEGER")
          .with("serial", () => "Chaves primárias SERIAL")
          .exhaustive()}: ${list(x.columns.map(code))}${squawk(x.rules, code)}`,
        match(x.convention)
          .with("varchar", () => "Aumentar o tamanho depois é mudança de catálogo; diminuir reescreve.")
          .with("integer", () => "Uma chave INTEGER se esgota em 2.147.483.647.")
          .with("serial", () => "Uma sequence pertencente à coluna, como o Sequelize espera.")
          .exhaustive(),
        match(x.convention)
          .with("varchar", () => "Convenção aceita do projeto: enums são VARCHAR + CHECK; declare text() onde não se quer limite de tamanho.")
          .with("integer", () => "Convenção aceita do projeto (padrão do Sequelize); declare chaves bigint onde uma tabela pode passar de 2 bilhões de linhas.")
          .with("serial", () => "Aceito: o autoIncrement do Sequelize cria SERIAL; nada a fazer.")
          .exhaustive(),
      ])
      .with({ kind: "rollbackDrops" }, (x): [string, string, string] => [
        `O down remove o que o up criou: ${list([...x.tables, ...x.columns].map(code))}${squawk(x.rules, code)}`,
        "Dados gravados neles desde a migration se perdem no rollback.",
        "Faça backup antes do rollback se a feature foi usada (veja Estratégia de Rollback).",
      ])
      .with({ kind: "concurrentIndexWait" }, (x): [string, string, string] => [
        `${list(x.indexes.map(code))} criados ou removidos CONCURRENTLY, no up e no down, sem lock timeout nem statement timeout${squawk(x.rules, code)}`,
        "CREATE/DROP INDEX CONCURRENTLY não roda dentro de transação, então a migration não consegue limitá-lo com SET LOCAL lock_timeout nem statement_timeout (um SET de sessão ficaria numa conexão do pool): ela espera toda transação que conflita com seu lock SHARE UPDATE EXCLUSIVE ou ainda vê linhas antigas (queries longas, idle in transaction), e a construção leva o tempo que a tabela pede. Leituras e escritas continuam enquanto isso.",
        `Rode fora do pico; acompanhe ${code("SELECT pid, state, wait_event_type, now() - xact_start AS age, query FROM pg_stat_activity WHERE state <> 'idle' ORDER BY age DESC")} e encerre o que a bloqueia; se uma construção falhar, remova o índice INVALID antes de rodar de novo (veja Estratégia de Rollback).`,
      ])
      .with({ kind: "rerunnableSteps" }, (x): [string, string, string] => [
        `Etapas do NOT NULL em etapas e VALIDATE rodam sem transação envolvendo todas: ${list(x.items.map(code))}${squawk(x.rules, code)}`,
        "Uma falha no meio deixa as etapas anteriores aplicadas (um check NOT VALID, uma constraint validada); nenhuma etapa fica pela metade.",
        "Toda etapa pode ser repetida (DROP CONSTRAINT IF EXISTS antes do ADD, VALIDATE e SET NOT NULL não fazem nada quando já feitos): corrija a causa e rode a migration de novo.",
      ])
      .with({ kind: "rollbackDropsNotNull" }, (x): [string, string, string] => [
        `O down volta a aceitar nulo em ${list(x.columns.map(code))}${squawk(x.rules, code)}`,
        "Só no rollback: o schema anterior aceitava NULL ali, que é o que o código anterior espera.",
        "Nenhuma necessária (aceito): código escrito para o schema novo não pode estar rodando quando você faz o rollback.",
      ])
      .with({ kind: "restoredNotNull" }, (x): [string, string, string] => {
        const value = defaultText(x.value, x.type);
        const fill = x.perRow
          ? `${code(value)}, onde ${code("n")} numera as linhas 1, 2, 3… na ordem da chave primária (distinto por linha, então um índice único restaurado com ela pode ser construído)`
          : `${code(value)} em todas as linhas (seu tipo não comporta valores distintos)`;
        const rows = x.copiedFrom === null ? "as linhas existentes recebem" : `as linhas recebem de volta ${code(x.copiedFrom)}; onde ele é NULL recebem`;
        return [
          `O down readiciona a coluna NOT NULL ${code(`${x.table}.${x.column}`)} a uma tabela com linhas${squawk(x.rules, code)}`,
          x.ownDefault
            ? `Os valores se perderam: as linhas existentes recebem seu próprio default ${code(value)}. ADD COLUMN com default não volátil é mudança de catálogo: sem varredura, ACCESS EXCLUSIVE breve.`
            : x.guarded
              ? `Uma chave estrangeira: não existe referência válida para preencher as linhas, então numa tabela com essas linhas o down para antes com um erro e não muda nada. Numa tabela vazia ele readiciona a coluna como declarada.`
              : `Os valores se perderam: ADD COLUMN aceitando nulo, depois um UPDATE (${rows} ${fill}), depois SET NOT NULL (a coluna termina exatamente como declarada). O UPDATE reescreve cada linha sob ACCESS EXCLUSIVE; um CHECK declarado sobre a coluna pode rejeitar o valor provisório.`,
          x.guarded
            ? "Faça o rollback restaurando a tabela do backup feito antes da migration (veja Estratégia de Rollback), não com este down."
            : `Restaure os valores reais do backup depois do rollback (veja Estratégia de Rollback); até lá o código vê valores provisórios.`,
        ];
      })
      .with({ kind: "rollbackIndexes" }, (x): [string, string, string] => [
        `O down recria ${list(x.indexes.map(code))} sem CONCURRENTLY${squawk(x.rules, code)}`,
        "Recriados com a coluna restaurada dentro do down transacional (CONCURRENTLY não roda ali): lock SHARE durante toda a construção, leituras continuam, escritas esperam. A coluna não tem valores reais, mas a construção ainda lê cada linha.",
        "Faça o rollback fora do pico; em tabela grande, meça a construção antes (o statement_timeout da migration aborta uma construção longa demais).",
      ])
      .with({ kind: "rollbackConstraints" }, (x): [string, string, string] => [
        `O down readiciona ${list([...x.checks, ...x.foreignKeys].map(code))} validadas, dentro da sua transação${squawk(x.rules, code)}`,
        `Cada linha existente é verificada com o lock mantido (${[
          ...(x.foreignKeys.length > 0 ? ["SHARE ROW EXCLUSIVE nas duas tabelas de uma foreign key: escritas esperam"] : []),
          ...(x.checks.length > 0 ? ["ACCESS EXCLUSIVE na tabela de um check: leituras e escritas esperam"] : []),
        ].join("; ")}); o down falha se uma linha gravada nesse meio-tempo violar alguma.`,
        "Faça o rollback fora do pico; em tabela grande corrija antes as linhas que violam (o statement_timeout da migration aborta uma varredura longa demais).",
      ])
      .exhaustive(),
  phase: (p, code) =>
    p.phase === "expand"
      ? [
          `**Expand (este change set):** ${p.target === "table" ? `${code(p.from)} é renomeada para ${code(p.to)} e ${code(p.from)} fica como view atualizável` : `${code(`${p.table}.${p.to}`)} é adicionada e sincronizada com ${code(p.from)}`}; código que usa o nome antigo continua funcionando.`,
          `**Publique:** o código que usa ${code(p.to)}. Mantenha a dica ${code(p.hint)} no schema enquanto alguma versão publicada ainda usar ${code(p.from)}.`,
          `**Contract (um change set posterior):** remova ${code(p.hint)} e rode o emit; essa migration remove ${p.target === "table" ? `a view ${code(p.from)}` : `${code(`${p.table}.${p.from}`)} e seu trigger`}.`,
        ]
      : [
          `**Contract (este change set):** remove ${p.target === "table" ? `a view ${code(p.from)}` : `${code(`${p.table}.${p.from}`)} e seu trigger de sincronização`}. Aplique só quando nenhum código publicado usar ${code(p.from)}.`,
        ],
};
