package io.shardlake.web.api;

import io.shardlake.engine.coordinator.OperationRefusedException;
import io.shardlake.engine.coordinator.PipelineOperations;
import io.shardlake.engine.registration.RegistrationService;

/** The YAML a pipeline's "definition.yaml" download serves, for the API and the pages alike. */
public final class DefinitionExports {

    private DefinitionExports() {
    }

    /**
     * A registered pipeline's latest version under its export header, or a file-defined
     * pipeline's file text.
     *
     * @throws OperationRefusedException NOT_FOUND for an unknown pipeline
     */
    public static String text(RegistrationService registrations, PipelineOperations operations, String name) {
        if (registrations.isRegistered(name)) {
            return registrations.exportYaml(name);
        }
        operations.definition(name); // 404 for an unknown pipeline
        return registrations.catalogText(name).orElseThrow(() -> new OperationRefusedException(OperationRefusedException.Reason.NOT_FOUND,
                "the text of pipeline '" + name + "' is not known"));
    }
}
