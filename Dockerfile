# syntax=docker/dockerfile:1

# ---- build: compile and package with the Maven wrapper, then split the jar into layers ----
FROM eclipse-temurin:17-jdk AS build
WORKDIR /build
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -q package -DskipTests \
 && cp target/image-ingest-*.jar application.jar \
 && java -Djarmode=tools -jar application.jar extract --layers --destination extracted

# ---- runtime: slim JRE, non-root user, data directory as a volume ----
FROM eclipse-temurin:17-jre
# libjpeg-turbo for the fast JPEG codec path (app.image.codec=auto picks it up): the package is
# libturbojpeg on Ubuntu, which the temurin images are based on, and libturbojpeg0 on Debian.
RUN apt-get update \
 && { apt-get install -y --no-install-recommends curl libturbojpeg \
      || apt-get install -y --no-install-recommends curl libturbojpeg0; } \
 && ldconfig -p | grep 'libturbojpeg\.so\.0' \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app \
 && mkdir -p /data \
 && chown app:app /data
WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
USER app
ENV APP_DATA_DIR=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "-jar", "application.jar"]
