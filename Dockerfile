# Calmly app image: the HTTP/Socket.IO server, or the recorder worker (`npm run worker`).
FROM node:20-bookworm-slim

# espeak-ng is the local voice when no ElevenLabs key is configured.
RUN apt-get update \
 && apt-get install -y --no-install-recommends espeak-ng ca-certificates \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first so source edits do not invalidate this layer.
# tsx (runtime) is a regular dependency; the full install also lets `npm run build` run.
COPY package.json package-lock.json ./
# npm ci runs the `prepare` script, which skips the git hooks here (no .git in the image).
COPY scripts/install-hooks.mjs scripts/
RUN npm ci --no-audit --no-fund

COPY . .
# Build the client when the project defines a build step.
RUN if npm pkg get scripts.build | grep -qv '{}'; then npm run build; fi

ENV NODE_ENV=production \
    PORT=3000
EXPOSE 3000

# Migrate, load the scenario library (when present), then replace the shell with the server
# so it receives SIGTERM from `docker stop`.
CMD ["sh", "-c", "npm run migrate && if [ -f scenarios/load.ts ]; then npm run seed:scenarios; fi && exec npx tsx --no-regexp-tier-up server/main.ts"]
