package io.harunbooks.runs;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The runbooks that can be started: latest deployed versions, minus those marked {@code startable=false}. */
@Component
public class RunbookCatalog {

    private final RepositoryService repository;
    private final Map<String, RunbookDefinition> byDefinitionId = new ConcurrentHashMap<>();

    public RunbookCatalog(RepositoryService repository) {
        this.repository = repository;
    }

    public List<RunbookDefinition> list() {
        return repository.createProcessDefinitionQuery().latestVersion().active().list().stream()
                .map(this::describe)
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(RunbookDefinition::key))
                .toList();
    }

    public Optional<RunbookDefinition> find(String key) {
        ProcessDefinition pd = repository.createProcessDefinitionQuery().processDefinitionKey(key)
                .latestVersion().active().singleResult();
        return pd == null ? Optional.empty() : describe(pd);
    }

    private Optional<RunbookDefinition> describe(ProcessDefinition pd) {
        RunbookDefinition cached = byDefinitionId.get(pd.getId());
        if (cached != null) {
            return Optional.of(cached);
        }
        BpmnModelInstance model = repository.getBpmnModelInstance(pd.getId());
        Process process = model.getModelElementById(pd.getKey());
        List<RunbookDefinition.VariableSpec> variables = new ArrayList<>();
        boolean startable = true;
        if (process != null && process.getExtensionElements() != null) {
            for (CamundaProperties props : process.getExtensionElements().getChildElementsByType(CamundaProperties.class)) {
                for (CamundaProperty p : props.getCamundaProperties()) {
                    String name = p.getCamundaName();
                    String value = p.getCamundaValue() == null ? "" : p.getCamundaValue().trim();
                    if ("startable".equals(name) && "false".equalsIgnoreCase(value)) {
                        startable = false;
                    } else {
                        RunbookDefinition.VariableSpec.fromProperty(name, value).ifPresent(variables::add);
                    }
                }
            }
        }
        if (!startable) {
            return Optional.empty();
        }
        RunbookDefinition def = new RunbookDefinition(pd.getKey(), pd.getName(), pd.getVersion(), pd.getVersionTag(),
                pd.getId(), variables);
        byDefinitionId.put(pd.getId(), def);
        return Optional.of(def);
    }
}
