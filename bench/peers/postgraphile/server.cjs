/**
 * The bench's peer: PostGraphile 4 over the hub's tables, as the center could put it over the
 * same database without the hub. Read-only (no mutations), relations through foreign keys, the
 * simplify inflector for short names, connection-filter for Q4's ranges and "no booking holds it".
 * Plain CommonJS with its own node_modules (graphql 15), so the hub's graphql 16 is untouched.
 *   DATABASE_URL=… PORT=… NODE_ENV=production node server.cjs
 */
const http = require("node:http");
const { postgraphile } = require("postgraphile");
const PgSimplifyInflectorPlugin = require("@graphile-contrib/pg-simplify-inflector");
const ConnectionFilterPlugin = require("postgraphile-plugin-connection-filter");

const middleware = postgraphile(process.env.DATABASE_URL, "public", {
  appendPlugins: [PgSimplifyInflectorPlugin, ConnectionFilterPlugin],
  disableDefaultMutations: true,
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  ignoreRBAC: false,
  legacyRelations: "omit",
  simpleCollections: "both",
  graphileBuildOptions: { connectionFilterRelations: true, pgOmitListSuffix: false },
  graphiql: false,
  enhanceGraphiql: false,
  disableQueryLog: true,
  enableQueryBatching: false,
  watchPg: false,
  retryOnInitFail: false,
  exportGqlSchemaPath: process.env.PEER_SCHEMA_OUT || undefined,
});

const server = http.createServer(middleware);
server.listen(Number(process.env.PORT || 0), "127.0.0.1", () => {
  const { port } = server.address();
  // PostGraphile builds its schema lazily: ask once so "ready" means ready to answer.
  const body = JSON.stringify({ query: "{ __typename }" });
  const request = http.request({ port, host: "127.0.0.1", path: "/graphql", method: "POST", headers: { "content-type": "application/json" } }, (response) => {
    response.resume();
    response.on("end", () => console.log(`postgraphile ready on http://127.0.0.1:${port}/graphql node=${process.version}`));
  });
  request.end(body);
});

process.on("SIGTERM", () => server.close(() => process.exit(0)));
