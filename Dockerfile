# The operator's image: build the runnable jar with Maven, run it on a maintained JRE (Eclipse
# Temurin) as a non-root user. The Helm chart runs it with a read-only root file system and /tmp
# as an emptyDir.
#   docker build -t ecs-logon-operator:0.1.0 .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY operator/pom.xml operator/
RUN mvn -B -q -pl operator -am dependency:go-offline
COPY operator/src operator/src
RUN mvn -B -q -pl operator -am -DskipTests package

FROM eclipse-temurin:17-jre
LABEL org.opencontainers.image.title="ecs-logon-operator" \
      org.opencontainers.image.description="Declarative logon credentials on ECS and other Linux instances over SSH" \
      org.opencontainers.image.licenses="Apache-2.0"
COPY --from=build /src/operator/target/ecs-logon-operator-*-runnable.jar /app/operator.jar
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/operator.jar"]
