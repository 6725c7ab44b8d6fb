# wire-timeline service image: the same image runs every role.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY workers ./workers
COPY config ./config
COPY samples ./samples
COPY tsconfig.json ./
USER node
EXPOSE 8080
CMD ["node", "bin/timeline.js", "serve"]
