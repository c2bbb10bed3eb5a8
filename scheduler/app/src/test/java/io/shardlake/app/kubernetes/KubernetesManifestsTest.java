package io.shardlake.app.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.shardlake.app.config.SchedulerProperties;
import io.shardlake.app.kubernetes.KubernetesManifests.Generator;
import io.shardlake.app.kubernetes.KubernetesManifests.Kustomization;
import io.shardlake.app.kubernetes.KubernetesManifests.Patch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/kubernetes, read into the Kubernetes API's types (a misspelt or misplaced field fails), and
 * checked against what the service and its image really are: credentials only from the Secret, the
 * grace period longer than the lease and the drain, the image, user and port Jib builds. The
 * probes' paths are checked against the running service by {@link HealthProbesTest}.
 */
class KubernetesManifestsTest {

    static final Path FOLDER = Path.of("../../deploy/kubernetes");
    private static final Path TRY_OUT = FOLDER.resolve("try-out");
    private static final String SECRET = "shardlake";
    /** A property or variable name that says it holds a credential. */
    private static final Pattern CREDENTIAL = Pattern.compile("(?i).*(password|secret|token|credential|access-key|username|hash).*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    private static KubernetesManifests manifests;

    @Test
    void everyFileIsReadIntoItsApiType() throws IOException {
        Set<Path> files;
        try (Stream<Path> walk = Files.walk(FOLDER)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).collect(Collectors.toSet());
        }
        assertThat(manifests().all()).extracting(KubernetesManifests.Manifest::file).containsAll(files);
        assertThat(manifests().ofType(Deployment.class)).hasSizeGreaterThanOrEqualTo(2); // the service's, its try-out patch
    }

    @Test
    void aMisspeltOrMisplacedFieldIsRefused() throws IOException {
        String deployment = Files.readString(FOLDER.resolve("deployment.yaml"));
        assertThat(deployment).contains("terminationGracePeriodSeconds:", "readinessProbe:");

        assertThatThrownBy(() -> read(deployment.replace("terminationGracePeriodSeconds:", "terminationGracePeriodSecond:")))
                .hasMessageContaining("terminationGracePeriodSecond");
        assertThatThrownBy(() -> read(deployment.replace("readinessProbe:", "readinesProbe:")))
                .hasMessageContaining("readinesProbe");
        // A field of the pod written into the container.
        assertThatThrownBy(() -> read(deployment.replace("          imagePullPolicy: IfNotPresent",
                "          imagePullPolicy: IfNotPresent\n          automountServiceAccountToken: false")))
                .hasMessageContaining("automountServiceAccountToken");
        assertThatThrownBy(() -> read(deployment.replace("replicas: 2", "replicas: \"2\""))).hasMessageContaining("replicas");
        assertThatThrownBy(() -> read(deployment.replace("kind: Deployment", "kind: Deploymnet"))).hasMessageContaining("Deploymnet");
    }

    @Test
    void eachKustomizationNamesEveryFileOfItsFolderButTheSecretExample() throws IOException {
        assertThat(kustomizationFiles(FOLDER)).containsExactlyInAnyOrderElementsOf(
                yamlFilesIn(FOLDER, "kustomization.yaml", "secret.example.yaml"));
        assertThat(kustomizationFiles(TRY_OUT)).containsExactlyInAnyOrderElementsOf(yamlFilesIn(TRY_OUT, "kustomization.yaml"));
        assertThat(kustomization(TRY_OUT).resourcesOrNone()).contains("../");
    }

    @Test
    void noCredentialIsWrittenIntoAConfigMapOnlyReferredToFromTheSecret() throws IOException {
        for (ConfigMap config : manifests().ofType(ConfigMap.class)) {
            for (Map.Entry<String, String> file : config.getData().entrySet()) {
                Map<String, Object> properties = properties(file.getValue());
                assertThat(properties).as("%s %s", config.getMetadata().getName(), file.getKey()).isNotEmpty();
                properties.forEach((key, value) -> {
                    if (CREDENTIAL.matcher(key).matches()) {
                        assertThat(value).as("%s in ConfigMap %s", key, config.getMetadata().getName())
                                .asString().matches(PLACEHOLDER);
                    }
                });
                Map<String, EnvVar> env = serviceEnv();
                for (String variable : placeholders(file.getValue())) {
                    assertThat(env).as("environment variable of %s", config.getMetadata().getName()).containsKey(variable);
                    assertThat(secretKey(env.get(variable))).as(variable).isNotNull();
                }
            }
        }
    }

    @Test
    void credentialsReachThePodsOnlyFromSecretsThatHoldEveryKeyAskedFor() throws IOException {
        for (Deployment deployment : manifests().ofType(Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
                    if (CREDENTIAL.matcher(variable.getName()).matches()) {
                        assertThat(variable.getValue()).as(variable.getName() + " as plain text").isNull();
                        assertThat(secretKey(variable)).as(variable.getName()).isNotNull();
                    }
                }
            }
        }
        Set<String> required = serviceEnv().values().stream().map(KubernetesManifestsTest::secretKey)
                .filter(k -> k != null && !Boolean.TRUE.equals(k.getOptional()))
                .peek(k -> assertThat(k.getName()).isEqualTo(SECRET))
                .map(SecretKeySelector::getKey).collect(Collectors.toSet());
        assertThat(required).contains("metadata-db-password", "shop-replica-password");

        Secret example = manifests().in(FOLDER.resolve("secret.example.yaml"), Secret.class);
        assertThat(example.getMetadata().getName()).isEqualTo(SECRET);
        assertThat(example.getStringData().keySet()).containsAll(required);

        Generator tryOut = kustomization(TRY_OUT).secretGeneratorsOrNone().stream()
                .filter(g -> g.name().equals(SECRET)).findFirst().orElseThrow();
        assertThat(tryOut.literals().stream().map(l -> l.substring(0, l.indexOf('='))).toList()).containsAll(required);
    }

    @Test
    void aStoppingPodHasLongerThanThePreStopPauseTheLeaseAndTheShutdownPhase() throws IOException {
        PodSpec pod = servicePod();
        List<String> preStop = serviceContainer().getLifecycle().getPreStop().getExec().getCommand();
        assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
        Duration pause = Duration.ofSeconds(Long.parseLong(preStop.get(1)));

        Binder binder = serviceConfiguration();
        Duration lease = binder.bindOrCreate("shardlake.scheduler", SchedulerProperties.class).lease();
        Duration shutdownPhase = binder.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                .orElse(Duration.ofSeconds(30)); // Spring Boot's default

        assertThat(lease).isEqualTo(Duration.ofSeconds(30));
        assertThat(Duration.ofSeconds(pod.getTerminationGracePeriodSeconds())).isGreaterThan(pause.plus(lease).plus(shutdownPhase));
    }

    @Test
    void thePodsRunTheImageJibBuildsAsItsNonRootUserOnItsPort() throws Exception {
        Element jib = jibConfiguration();
        String version = text(pom().getDocumentElement(), "parent", "version");
        String image = text(jib, "to", "image").replace("${project.version}", version);
        String user = text(jib, "container", "user");
        String port = text(jib, "container", "ports", "port");

        Container container = serviceContainer();
        assertThat(container.getImage()).isEqualTo(image);

        PodSpec pod = servicePod();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser() + ":" + pod.getSecurityContext().getRunAsGroup()).isEqualTo(user);
        assertThat(user).doesNotStartWith("0:").isNotEqualTo("root");
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();

        ContainerPort http = container.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst().orElseThrow();
        assertThat(http.getContainerPort()).isEqualTo(Integer.parseInt(port)).isEqualTo(8080); // server.port is not set: Boot's 8080
        Service service = manifests().in(FOLDER.resolve("service.yaml"), Service.class);
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
    }

    @Test
    void theServiceAndTheDisruptionBudgetSelectThePods() {
        Map<String, String> podLabels = serviceDeployment().getSpec().getTemplate().getMetadata().getLabels();
        Service service = manifests().in(FOLDER.resolve("service.yaml"), Service.class);
        PodDisruptionBudget budget = manifests().in(FOLDER.resolve("poddisruptionbudget.yaml"), PodDisruptionBudget.class);

        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector())
                .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels())
                .containsAllEntriesOf(serviceDeployment().getSpec().getSelector().getMatchLabels());
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(serviceDeployment().getSpec().getReplicas()).isGreaterThan(1);
    }

    @Test
    void thePodsAskForCpuAndMemoryAndTheJvmIsSizedFromTheLimit() throws Exception {
        Container container = serviceContainer();
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(imageJvmFlags()).anyMatch(f -> f.startsWith("-XX:MaxRAMPercentage=")).contains("-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void theDockerfileStartsTheJvmWithTheImagesFlags() throws Exception {
        String entrypoint = Files.readAllLines(Path.of("../../Dockerfile")).stream()
                .filter(line -> line.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
        List<String> words = new ArrayList<>();
        Matcher quoted = Pattern.compile("\"([^\"]*)\"").matcher(entrypoint);
        while (quoted.find()) {
            words.add(quoted.group(1));
        }
        List<String> flags = words.subList(1, words.indexOf("-jar"));

        assertThat(flags).containsExactlyInAnyOrderElementsOf(imageJvmFlags());
    }

    /** The Jib image's JVM flags. */
    private static List<String> imageJvmFlags() throws Exception {
        List<String> flags = new ArrayList<>();
        var list = ((Element) jibConfiguration().getElementsByTagName("jvmFlags").item(0)).getElementsByTagName("jvmFlag");
        for (int i = 0; i < list.getLength(); i++) {
            flags.add(list.item(i).getTextContent().trim());
        }
        return flags;
    }

    static Deployment serviceDeployment() {
        return manifests().in(FOLDER.resolve("deployment.yaml"), Deployment.class);
    }

    static PodSpec servicePod() {
        return serviceDeployment().getSpec().getTemplate().getSpec();
    }

    static Container serviceContainer() {
        return servicePod().getContainers().stream().filter(c -> c.getName().equals("shardlake")).findFirst().orElseThrow();
    }

    private static synchronized KubernetesManifests manifests() {
        if (manifests == null) {
            try {
                manifests = KubernetesManifests.readFolder(FOLDER);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return manifests;
    }

    private static Map<String, EnvVar> serviceEnv() {
        return serviceContainer().getEnv().stream().collect(Collectors.toMap(EnvVar::getName, v -> v));
    }

    private static SecretKeySelector secretKey(EnvVar variable) {
        return variable.getValueFrom() == null ? null : variable.getValueFrom().getSecretKeyRef();
    }

    /**
     * The service's configuration as a pod sees it: the ConfigMap's file over the packaged
     * application.yml (the defaults of the properties records apply beneath both).
     */
    private static Binder serviceConfiguration() throws IOException {
        ConfigMap config = manifests().in(FOLDER.resolve("configmap.yaml"), ConfigMap.class);
        YamlPropertySourceLoader loader = new YamlPropertySourceLoader();
        MutablePropertySources sources = new MutablePropertySources();
        loader.load("configmap", new ByteArrayResource(config.getData().get("application-kubernetes.yml")
                .getBytes(StandardCharsets.UTF_8))).forEach(sources::addLast);
        loader.load("application.yml", new ClassPathResource("application.yml")).forEach(sources::addLast);
        return new Binder(ConfigurationPropertySources.from(sources));
    }

    private static Map<String, Object> properties(String yaml) throws IOException {
        Map<String, Object> flat = new java.util.TreeMap<>();
        for (PropertySource<?> source : new YamlPropertySourceLoader().load("file",
                new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))) {
            EnumerablePropertySource<?> enumerable = (EnumerablePropertySource<?>) source;
            for (String name : enumerable.getPropertyNames()) {
                flat.putIfAbsent(name, String.valueOf(enumerable.getProperty(name)));
            }
        }
        return flat;
    }

    private static Set<String> placeholders(String text) {
        Set<String> names = new HashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Kustomization kustomization(Path folder) {
        return manifests().in(folder.resolve("kustomization.yaml"), Kustomization.class);
    }

    /** The files a kustomization names (its resources that are files, and its patches). */
    private static Set<String> kustomizationFiles(Path folder) {
        Kustomization k = kustomization(folder);
        Set<String> files = new HashSet<>(k.resourcesOrNone().stream().filter(r -> r.endsWith(".yaml")).toList());
        k.patchesOrNone().stream().map(Patch::path).forEach(files::add);
        return files;
    }

    private static Set<String> yamlFilesIn(Path folder, String... except) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .filter(n -> !List.of(except).contains(n)).collect(Collectors.toSet());
        }
    }

    private static Object read(String yaml) {
        Object last = null;
        for (Object document : new Yaml().loadAll(yaml)) {
            last = KubernetesManifests.read("edited deployment.yaml", document);
        }
        return last;
    }

    private static Document pom() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    }

    /** The {@code <configuration>} of jib-maven-plugin in this module's pom. */
    static Element jibConfiguration() throws Exception {
        var plugins = pom().getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if (text(plugin, "artifactId").equals("jib-maven-plugin")) {
                return (Element) plugin.getElementsByTagName("configuration").item(0);
            }
        }
        throw new IllegalStateException("no jib-maven-plugin in pom.xml");
    }

    /** The text of the first element at {@code path} below {@code from}. */
    private static String text(Element from, String... path) {
        Element e = from;
        for (String name : path) {
            e = (Element) e.getElementsByTagName(name).item(0);
            if (e == null) {
                throw new IllegalStateException("no <" + String.join("/", path) + "> in pom.xml");
            }
        }
        return e.getTextContent().trim();
    }
}
