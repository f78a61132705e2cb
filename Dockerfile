# Build stage: compile TypeScript with the dev dependencies.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY scripts ./scripts
COPY seeds ./seeds
COPY test ./test
COPY bench ./bench
RUN npm run build

# Runtime stage: production dependencies, compiled code and the seed data only.
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY seeds/*.json ./seeds/
COPY seeds/rates ./seeds/rates/
COPY schema ./schema
USER node
EXPOSE 4000
CMD ["node", "dist/src/main.js"]
