# syntax=docker/dockerfile:1
# The shardlake service, built from source: `docker compose up --build`, or `docker build -t shardlake .`
# Needs BuildKit (the default builder since Docker 23) for the Maven cache mount.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# -DskipTests still compiles the tests: the app build needs the connectors test-jar.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -DskipTests package \
    && cp scheduler/app/target/shardlake-app-*.jar /shardlake-app.jar

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin shardlake \
    && mkdir -p /app/data /config \
    && chown shardlake /app/data
WORKDIR /app
COPY --from=build /shardlake-app.jar /app/shardlake-app.jar
# Drop application-<profile>.yml files into /config (docker-compose mounts application-compose.yml).
ENV SPRING_CONFIG_ADDITIONAL_LOCATION=optional:file:/config/
USER shardlake
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/shardlake-app.jar"]
