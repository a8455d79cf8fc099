# syntax=docker/dockerfile:1

# One image for every Node service of Tinkuy: WORKSPACE names the npm workspace to run, e.g.
#   docker build --build-arg WORKSPACE=subgraphs/formalization -t tinkuy/formalization .
#   docker build --build-arg WORKSPACE=gateway -t tinkuy/gateway .
# The build context is the repository root, because an npm workspace installs from the root lockfile.
# There is no build step: tsx runs the TypeScript sources as they are.

# Node 22 LTS on Debian 12 (bookworm). The minor is pinned and must stay at 22.15 or later, which
# @whatwg-node/promise-helpers (under @apollo/server, in every service) declares. The patch level floats, so
# rebuilds get fixes.
ARG NODE_IMAGE=node:22.23-bookworm-slim

# Every package.json of the repository at its own path, and the lockfile: all that the install needs. Kept
# apart from the sources so that the install layer below is reused until a manifest changes, and so that a
# new workspace needs no change here.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
  && find . -name package.json -not -path "*/node_modules/*" -exec cp --parents {} /manifests \; \
  && cp package-lock.json /manifests/

# The production dependencies of WORKSPACE alone, exactly as locked: those it declares and those of the
# workspaces it depends on (@tinkuy/kit), not the root's devDependencies nor the other workspaces'.
FROM ${NODE_IMAGE} AS dependencies
ARG WORKSPACE
RUN test -n "$WORKSPACE" || { echo "set the build arg WORKSPACE, e.g. --build-arg WORKSPACE=gateway" >&2; exit 1; }
WORKDIR /app
COPY --from=manifests /manifests ./
RUN --mount=type=cache,target=/root/.npm \
  npm ci --workspace "$WORKSPACE" --include-workspace-root=false --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ARG WORKSPACE
ENV NODE_ENV=production
WORKDIR /app
COPY --from=dependencies /app ./
# The shared kit, with the INEI Region catalog it reads at run time (packages/kit/data).
COPY packages/kit packages/kit
# The committed supergraph the gateway boots from (gateway/src/supergraph.ts reads ../../schema/).
COPY schema schema
# The list of pillars and their definitions (subgraphs/index.ts, subgraphs/*/pillar.ts), which the gateway reads
# for its subgraph settings; each pillar's own service finds its definition here too. A pillar's serving code is
# loaded only by its own service, from the workspace installed above.
COPY subgraphs subgraphs
COPY ${WORKSPACE} ${WORKSPACE}
RUN test -f "$WORKSPACE/src/index.ts" || { echo "$WORKSPACE/src/index.ts not found" >&2; exit 1; }

# The files stay owned by root: the service only reads them.
USER node
WORKDIR /app/${WORKSPACE}
# The image has no curl or wget: Node's own fetch asks /healthz on the PORT the service listens on, so run it
# with PORT set (docker-compose.yml sets it for every service, and repeats this check: the test keeps the two
# identical).
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--import", "tsx", "src/index.ts"]
