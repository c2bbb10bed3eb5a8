package io.shardlake.app.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.AnnotationIntrospector;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The YAML documents of a manifests folder, each read into its Kubernetes API type (fabric8's
 * model, generated from the API's OpenAPI schemas) so that a field the API does not have, or a
 * value of the wrong type, fails the read: what the API server would refuse. fabric8's types keep
 * unknown fields in an "additional properties" map; the mapper here ignores those maps, so an
 * unknown field is an error. Kustomize's own files are read into {@link Kustomization} the same way.
 */
final class KubernetesManifests {

    /** apiVersion/kind of each document type the folder may hold. */
    private static final Map<String, Class<?>> TYPES = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "kustomize.config.k8s.io/v1beta1/Kustomization", Kustomization.class);

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(MapperConfig<?> config, Annotated a) {
                    return Boolean.FALSE; // no catch-all "additional properties": unknown fields fail
                }
            })
            // The API server takes no "2" for an integer nor "true" for a boolean.
            .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .build();

    /** One document: the file it came from and what it was read into. */
    record Manifest(Path file, Object resource) {
    }

    private final List<Manifest> manifests;

    private KubernetesManifests(List<Manifest> manifests) {
        this.manifests = manifests;
    }

    /** Every {@code *.yaml} document under {@code folder}, subfolders included. */
    static KubernetesManifests readFolder(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
        List<Manifest> manifests = new ArrayList<>();
        for (Path file : files) {
            try (Reader reader = Files.newBufferedReader(file)) {
                for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                    if (document != null) {
                        manifests.add(new Manifest(file, read(file.toString(), document)));
                    }
                }
            }
        }
        return new KubernetesManifests(manifests);
    }

    /** One YAML document, read strictly into its type; fails naming the document and the field. */
    static Object read(String where, Object document) {
        if (!(document instanceof Map<?, ?> fields)) {
            throw new IllegalArgumentException(where + ": a manifest must be a mapping, not " + document);
        }
        String type = fields.get("apiVersion") + "/" + fields.get("kind");
        Class<?> target = TYPES.get(type);
        if (target == null) {
            throw new IllegalArgumentException(where + ": no known API type " + type);
        }
        try {
            return STRICT.convertValue(document, target);
        } catch (IllegalArgumentException | tools.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(where + ": not a valid " + type + ": " + e.getMessage(), e);
        }
    }

    List<Manifest> all() {
        return manifests;
    }

    <T> List<T> ofType(Class<T> type) {
        return manifests.stream().map(Manifest::resource).filter(type::isInstance).map(type::cast).toList();
    }

    /** The one manifest of {@code type} read from {@code file}. */
    <T> T in(Path file, Class<T> type) {
        List<T> found = manifests.stream().filter(m -> m.file().equals(file)).map(Manifest::resource)
                .filter(type::isInstance).map(type::cast).toList();
        if (found.size() != 1) {
            throw new IllegalStateException(file + " holds " + found.size() + " " + type.getSimpleName() + " manifests, not one");
        }
        return found.get(0);
    }

    /** The fields of kustomize's {@code kustomization.yaml} these manifests use (kustomize refuses unknown ones too). */
    record Kustomization(String apiVersion, String kind, List<String> resources, List<Patch> patches,
                         List<Generator> secretGenerator, List<Generator> configMapGenerator, List<Image> images) {

        List<String> resourcesOrNone() {
            return resources == null ? List.of() : resources;
        }

        List<Patch> patchesOrNone() {
            return patches == null ? List.of() : patches;
        }

        List<Generator> secretGeneratorsOrNone() {
            return secretGenerator == null ? List.of() : secretGenerator;
        }
    }

    record Patch(String path) {
    }

    record Generator(String name, GeneratorOptions options, List<String> literals, List<String> files) {
    }

    record GeneratorOptions(Boolean disableNameSuffixHash) {
    }

    record Image(String name, String newName, String newTag, String digest) {
    }
}
