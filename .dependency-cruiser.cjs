/**
 * The hub's dependencies point one way (issue 13): main → server → resolvers → services →
 * db/queries → db, with schema and auth below the services and above db. Checked by `npm run lint`
 * (run by CI); `npx depcruise src --output-type dot` draws the graph.
 */
const below = {
  foundation: "^src/(config|logger|request-scope|errors|global-id|data-folder)\\.ts$",
  db: "^src/db/",
  integrations: "^src/integrations/",
  realtime: "^src/realtime/",
  auth: "^src/auth/",
  schema: "^src/schema/",
  services: "^src/services/",
  resolvers: "^src/resolvers/",
  server: "^src/server/",
};

/** What each layer must not import. */
const forbidden = [
  ["db", ["integrations", "realtime", "auth", "schema", "services", "resolvers", "server"]],
  ["integrations", ["db", "realtime", "auth", "schema", "services", "resolvers", "server"]],
  ["realtime", ["integrations", "auth", "schema", "services", "resolvers", "server"]],
  ["auth", ["integrations", "realtime", "schema", "services", "resolvers", "server"]],
  ["schema", ["integrations", "realtime", "services", "resolvers", "server"]],
  ["services", ["schema", "resolvers", "server"]],
  ["resolvers", ["server", "db", "integrations", "realtime"]],
];

module.exports = {
  forbidden: [
    ...forbidden.flatMap(([from, targets]) =>
      targets.map((to) => ({
        name: `${from}-not-to-${to}`,
        severity: "error",
        comment: `${from} depends on nothing above it: ${to} is off limits`,
        from: { path: below[from] },
        // A partner's vocabulary (its statuses, its topics) may be named by tables and GraphQL enums.
        to: to === "integrations" ? { path: below[to], pathNot: "/types\\.ts$" } : { path: below[to] },
      })),
    ),
    {
      name: "foundation-imports-nothing-above",
      severity: "error",
      from: { path: below.foundation },
      to: { path: "^src/(db|integrations|realtime|auth|schema|services|resolvers|server)/" },
    },
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
    {
      name: "no-orphans",
      severity: "error",
      from: { orphan: true, pathNot: ["\\.d\\.ts$", "^src/main\\.ts$"] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
