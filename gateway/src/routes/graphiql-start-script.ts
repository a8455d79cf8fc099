/**
 * GraphiQL's start-up script: renders the IDE against this origin's `/graphql`, headers editor open, with a first
 * query that says how to get a token. A file of its own because the page's CSP allows no inline script.
 */
export const GRAPHIQL_START_SCRIPT = `"use strict";
(function () {
  var container = document.getElementById("graphiql");
  document.body.style.margin = "0";
  container.style.height = "100vh";
  var fetcher = GraphiQL.createFetcher({ url: new URL("/graphql", window.location.href).href });
  var root = ReactDOM.createRoot(container);
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: ${JSON.stringify(defaultQuery())},
      defaultHeaders: ${JSON.stringify('{\n  "authorization": ""\n}')},
      defaultEditorToolsVisibility: "headers",
      shouldPersistHeaders: false,
    }),
  );
})();
`;

function defaultQuery(): string {
  return `# Tinkuy's GraphQL API, served offline by the gateway.
#
# No token: you are the PUBLIC viewer (aggregates only).
# Another role: print a development token with
#   npm run -s token -- --role MINISTRY_ANALYST
# (or DONOR, AGENCY_EDITOR, ADMIN) and paste it in the
# Headers tab below as "authorization": "Bearer <token>".
# Headers are not saved in the browser.
#
# Ctrl-Enter runs the query; Docs (top left) describes
# every type and field.

query RegionView {
  region(ubigeo: "17") {
    name
    formalization {
      total
      active
      suspended
      excluded
      formalizationRate
    }
    eradication(period: { from: "2025-01-01", to: "2025-12-31" }) {
      operations
      value
    }
  }
}
`;
}
