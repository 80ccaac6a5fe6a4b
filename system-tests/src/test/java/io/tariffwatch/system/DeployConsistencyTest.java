package io.tariffwatch.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tariffwatch.events.Services;
import io.tariffwatch.events.Topics;
import io.tariffwatch.local.LocalInfra;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The contract's topics (Topics), the services' ports and databases (Services) and the documented env var
 * names (the README's configuration table) are the one place these are defined: docker-compose.yml,
 * deploy/k8s, the local run and the services' application.properties must agree with them.
 */
class DeployConsistencyTest {
    private static final Path ROOT = TariffWatchSystem.ROOT;

    static Set<String> contractTopics() throws IllegalAccessException {
        Set<String> topics = new TreeSet<>();
        for (Field f : Topics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                topics.add((String) f.get(null));
            }
        }
        return topics;
    }

    static Properties properties(Services s) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(ROOT.resolve(s.serviceName()).resolve("src/main/resources/application.properties"))) {
            p.load(r);
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> composeService(String name) throws IOException {
        try (Reader r = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(r);
            return (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(name);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> k8sBase() throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("deploy/k8s/base"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("kustomization.yaml")).toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(f))) {
                    docs.add((Map<String, Object>) doc);
                }
            }
        }
        return docs;
    }

    static Map<String, Object> k8s(String kind, String name) throws IOException {
        return k8sBase().stream().filter(d -> kind.equals(d.get("kind")) && name.equals(at(d, "metadata", "name")))
                .findFirst().orElseThrow(() -> new AssertionError("deploy/k8s has no " + kind + " " + name));
    }

    @SuppressWarnings("unchecked")
    static Object at(Object node, Object... path) {
        for (Object key : path) {
            node = key instanceof Integer i ? ((List<Object>) node).get(i) : ((Map<String, Object>) node).get(key);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> k8sEnv(Map<String, Object> deployment) {
        List<Map<String, Object>> env = (List<Map<String, Object>>) at(deployment, "spec", "template", "spec", "containers", 0, "env");
        return env.stream().filter(e -> e.get("value") != null)
                .collect(Collectors.toMap(e -> (String) e.get("name"), e -> String.valueOf(e.get("value"))));
    }

    @Test
    void everyTopicIsTheContractsAndEveryPlaceCreatesTheSame() throws Exception {
        Set<String> contract = contractTopics();
        for (Services s : Services.values()) {
            Properties p = properties(s);
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith("mp.messaging.") && key.endsWith(".topic")) {
                    assertTrue(contract.contains(p.getProperty(key)), s.serviceName() + " " + key + " = " + p.getProperty(key));
                }
            }
        }
        Set<String> compose = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^create (\\S+) ").matcher(Files.readString(ROOT.resolve("deploy/compose/create-topics.sh")));
        while (m.find()) {
            compose.add(m.group(1));
        }
        assertEquals(contract, compose, "deploy/compose/create-topics.sh");
        Set<String> kubernetes = k8sBase().stream().filter(d -> "KafkaTopic".equals(d.get("kind")))
                .map(d -> (String) at(d, "metadata", "name")).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(contract, kubernetes, "deploy/k8s KafkaTopics");
        Set<String> local = Arrays.stream(LocalInfra.DEFAULT_TOPICS.split(",")).map(t -> t.split(":")[0])
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(contract, local, "the local run's topics");
    }

    @Test
    @SuppressWarnings("unchecked")
    void portsAndDatabasesAgreeEverywhere() throws Exception {
        for (Services s : Services.values()) {
            String port = Integer.toString(s.port());
            Properties p = properties(s);
            assertEquals(port, p.getProperty("quarkus.http.port"), s + " application.properties");
            assertTrue(p.getProperty("quarkus.datasource.jdbc.url").endsWith("/" + s.database()), s + " default database");

            Map<String, Object> c = composeService(s.serviceName());
            Map<String, Object> env = (Map<String, Object>) c.get("environment");
            assertEquals(port, String.valueOf(env.get("QUARKUS_HTTP_PORT")), s + " compose port");
            assertTrue(((List<String>) c.get("ports")).stream().anyMatch(x -> x.endsWith(":" + port + ":" + port)), s + " compose ports");
            assertTrue(String.valueOf(env.get("QUARKUS_DATASOURCE_JDBC_URL")).endsWith("/" + s.database()), s + " compose db");
            assertTrue(String.valueOf(at(c, "healthcheck", "test")).contains(":" + port + "/q/health/ready"), s + " compose health");

            Map<String, Object> deployment = k8s("Deployment", s.serviceName());
            assertEquals(s.port(), at(deployment, "spec", "template", "spec", "containers", 0, "ports", 0, "containerPort"), s + " k8s");
            Map<String, String> kEnv = k8sEnv(deployment);
            assertEquals(port, kEnv.get("QUARKUS_HTTP_PORT"), s + " k8s port");
            assertTrue(kEnv.get("QUARKUS_DATASOURCE_JDBC_URL").endsWith("/" + s.database()), s + " k8s db");
            assertEquals(s.port(), at(k8s("Service", s.serviceName()), "spec", "ports", 0, "port"), s + " k8s Service");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyEnvVarTheDeploymentsSetIsDocumented() throws Exception {
        Set<String> documented = new HashSet<>();
        Matcher m = Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(Files.readString(ROOT.resolve("README.md")));
        while (m.find()) {
            documented.add(m.group(1));
        }
        Set<String> used = new TreeSet<>();
        for (Services s : Services.values()) {
            used.addAll(((Map<String, Object>) composeService(s.serviceName()).get("environment")).keySet());
            Map<String, Object> deployment = k8s("Deployment", s.serviceName());
            ((List<Map<String, Object>>) at(deployment, "spec", "template", "spec", "containers", 0, "env"))
                    .forEach(e -> used.add((String) e.get("name")));
        }
        used.addAll(((Map<String, Object>) k8s("ConfigMap", "tariffwatch-config").get("data")).keySet());
        used.addAll(((Map<String, Object>) k8s("Secret", "tariffwatch-keys").get("stringData")).keySet());
        used.addAll(((Map<String, Object>) k8s("Secret", "tariffwatch-smtp").get("stringData")).keySet());
        Set<String> undocumented = new TreeSet<>(used);
        undocumented.removeAll(documented);
        assertTrue(undocumented.isEmpty(), "set by compose or k8s but not in the README's configuration table: " + undocumented);
    }
}
