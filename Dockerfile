# Builds the runnable jar and runs `drugwatch run` (see docker-compose.yml).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY schemas schemas
COPY src src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --home /var/lib/drugwatch drugwatch && mkdir -p /var/lib/drugwatch \
    && chown drugwatch /var/lib/drugwatch
COPY --from=build /src/target/drugwatch.jar /opt/drugwatch/drugwatch.jar
USER drugwatch
ENV KAFKA_STATE_DIR=/var/lib/drugwatch/state
ENTRYPOINT ["java", "-jar", "/opt/drugwatch/drugwatch.jar"]
CMD ["run"]
