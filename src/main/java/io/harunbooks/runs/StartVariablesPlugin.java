package io.harunbooks.runs;

import io.harunbooks.inventory.Cluster;
import io.harunbooks.inventory.Inventory;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.exception.NotValidException;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The start variables a runbook declares ({@code variable:<name>} properties) are checked whenever a run starts, not
 * only through {@code /api/runbooks}: a start from Tasklist, Cockpit or {@code /engine-rest} with a missing or
 * invalid value is refused before anything runs ({@link NotValidException}, its message naming each problem; the
 * engine's REST API answers it 400, see {@link io.harunbooks.rest.EngineRestConfiguration}), so that no run stops
 * half-way at a step that refuses the value. Runs started as sub-processes are not checked
 * again (their values come from a checked run). Variables the runbook does not declare are left to the API.
 */
@Component
public class StartVariablesPlugin extends AbstractProcessEnginePlugin {

    private final Supplier<Optional<Inventory>> inventory;

    @org.springframework.beans.factory.annotation.Autowired
    public StartVariablesPlugin(ObjectProvider<Inventory> inventory) {
        this(() -> Optional.ofNullable(inventory.getIfAvailable()));
    }

    /** With the inventory the {@code host:<role>} variables are checked against (absent: not checked). */
    public StartVariablesPlugin(Supplier<Optional<Inventory>> inventory) {
        this.inventory = inventory;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
        listeners.add(new AbstractBpmnParseListener() {
            @Override
            public void parseProcess(Element process, ProcessDefinitionEntity definition) {
                List<RunbookDefinition.VariableSpec> specs = declared(process);
                if (!specs.isEmpty()) {
                    definition.addBuiltInListener(ExecutionListener.EVENTNAME_START,
                            new Guard(definition.getKey(), specs, inventory));
                }
            }
        });
        configuration.setCustomPostBPMNParseListeners(listeners);
    }

    static List<RunbookDefinition.VariableSpec> declared(Element process) {
        Element ext = process.element("extensionElements");
        Element props = ext == null ? null : ext.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "properties");
        if (props == null) {
            return List.of();
        }
        List<RunbookDefinition.VariableSpec> specs = new ArrayList<>();
        for (Element p : props.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "property")) {
            RunbookDefinition.VariableSpec.fromProperty(p.attribute("name"), p.attribute("value")).ifPresent(specs::add);
        }
        return specs;
    }

    /** The start listener of one runbook. */
    record Guard(String key, List<RunbookDefinition.VariableSpec> specs, Supplier<Optional<Inventory>> inventory)
            implements ExecutionListener {

        @Override
        public void notify(DelegateExecution execution) {
            if (((ExecutionEntity) execution).getSuperExecution() != null) {
                return;
            }
            Object clusterVariable = execution.getVariable("cluster");
            String clusterName = clusterVariable != null ? clusterVariable.toString() : execution.getProcessBusinessKey();
            if (clusterName != null && clusterName.startsWith(RunService.PLAN_PREFIX)) {
                clusterName = clusterName.substring(RunService.PLAN_PREFIX.length());
            }
            Cluster cluster = null;
            List<String> problems = new ArrayList<>();
            boolean needsCluster = specs.stream().anyMatch(s -> s.kind().startsWith("host:"));
            Optional<Inventory> hosts = needsCluster ? inventory.get() : Optional.empty();
            if (hosts.isPresent()) {
                if (clusterName == null) {
                    problems.add("variable 'cluster' (or the business key) is required: the run's hosts are "
                            + "looked up in its cluster");
                } else {
                    cluster = hosts.get().cluster(clusterName).orElse(null);
                    if (cluster == null) {
                        problems.add("cluster '" + clusterName + "' is not in the inventory");
                    }
                }
            }
            if (problems.isEmpty()) {
                Map<String, Object> given = execution.getVariables();
                StartVariablesValidator.checkDeclared(specs, cluster, given, problems);
            }
            if (!problems.isEmpty()) {
                throw new NotValidException("cannot start runbook '" + key + "': " + String.join("; ", problems));
            }
        }
    }
}
