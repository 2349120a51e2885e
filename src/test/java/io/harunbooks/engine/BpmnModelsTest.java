package io.harunbooks.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.ErrorEventDefinition;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.ScriptTask;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaExecutionListener;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaIn;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOut;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOutputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaScript;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Static checks of every model in {@code bpmn/} and the forms it uses, without an engine: the conventions of
 * STYLE.md sections 2, 5 and 6 that the process tests do not see (diagram completeness, retry cycles, literal
 * commands, forms that exist and show variables the process really writes).
 */
class BpmnModelsTest {

    private static final Path BPMN_DIR = Path.of("bpmn");
    private static final Path FORMS_DIR = Path.of("forms");
    private static final String SSH_DELEGATE = "${sshCommand}";
    private static final String INVENTORY_DELEGATE = "${inventoryHosts}";
    private static final Pattern SET_VARIABLE = Pattern.compile("setVariable(?:Local)?\\(\\s*['\"]([A-Za-z_][A-Za-z0-9_]*)['\"]");
    /** Set when a runbook starts: the business key is the cluster (DESIGN.md, principle 9). */
    private static final Set<String> START_VARIABLES = Set.of("cluster");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code {{variable}}} in a command or an expected-output pattern, replaced by the delegate (quoted). */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");
    /** An expression that is exactly one variable, e.g. {@code ${waitAfterClean}}. */
    private static final Pattern VARIABLE_EXPRESSION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    /** Kinds of declared start variables ({@code variable:<name>} process properties); a trailing ? = optional. */
    private static final Pattern VARIABLE_KIND = Pattern.compile(
            "(name|duration|host:[a-z][a-z0-9-]*|oneof:[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*)\\??");
    /** What a run's end event reports in the process variable {@code outcome}, read by callers. */
    private static final Set<String> OUTCOMES = Set.of("recovered", "nothing-to-do", "cancelled", "escalated");
    /** An end event right after a call activity may pass on the called runbook's outcome, mapped out of it. */
    private static final Pattern PASS_ON_OUTCOME = Pattern.compile(
            "\\s*execution\\.setVariable\\('outcome',\\s*execution\\.getVariable\\('([A-Za-z_][A-Za-z0-9_]*)'\\)\\)\\s*");
    private static final String APPLY_DEFAULTS = "Task_ApplyDefaults";
    private static final Pattern DEFAULT_DURATION = Pattern.compile(
            "setVariable\\(\\s*'([A-Za-z_][A-Za-z0-9_]*)'\\s*,\\s*'(P[^']*)'\\s*\\)");

    static Stream<Path> models() throws IOException {
        try (Stream<Path> files = Files.list(BPMN_DIR)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".bpmn")).sorted().toList().stream();
        }
    }

    @Test
    void theControllerRunbooksAndTheEscalationAreThere() throws IOException {
        assertThat(models().map(BpmnModelsTest::key))
                .contains("controller-split-brain", "controller-replica-rebuild", "escalate-to-support");
    }

    @Test
    void theMessengerRunbooksAreThere() throws IOException {
        assertThat(models().map(BpmnModelsTest::key)).contains("kust-replica-resync", "tarantool-replica-resync",
                "mysql-topology-repair", "autoflip-unblock");
    }

    @Test
    void theSkyhaRunbooksAreThere() throws IOException {
        assertThat(models().map(BpmnModelsTest::key)).contains("skyha-health-check", "skyha-drbd-split-brain",
                "skyha-switch-master", "skyha-fault-recovery", "skyha-failover-drill", "skyha-node-upgrade",
                "skyha-reinstall-slave", "skyha-auto-recovery");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void isSchemaValid(Path file) {
        assertThatCode(() -> Bpmn.validateModel(Bpmn.readModelFromFile(file.toFile()))).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void processKeyIsTheFileNameWithVersionTagAndHistoryTimeToLive(Path file) {
        Process process = process(read(file));

        assertThat(process.getId()).isEqualTo(key(file));
        assertThat(process.isExecutable()).isTrue();
        assertThat(process.getName()).isNotBlank();
        assertThat(process.getCamundaVersionTag()).isNotBlank();
        assertThat(process.getCamundaHistoryTimeToLiveString()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyFlowNodeAndSequenceFlowIsDrawn(Path file) {
        BpmnModelInstance model = read(file);
        Set<String> shapes = model.getModelElementsByType(BpmnShape.class).stream()
                .map(BpmnShape::getBpmnElement).filter(e -> e != null).map(BaseElement::getId).collect(Collectors.toSet());
        Set<String> edges = model.getModelElementsByType(BpmnEdge.class).stream()
                .map(BpmnEdge::getBpmnElement).filter(e -> e != null).map(BaseElement::getId).collect(Collectors.toSet());

        assertThat(ids(model.getModelElementsByType(FlowNode.class))).isSubsetOf(shapes);
        assertThat(ids(model.getModelElementsByType(SequenceFlow.class))).isSubsetOf(edges);
        assertThat(model.getModelElementsByType(BpmnShape.class))
                .filteredOn(shape -> shape.getBpmnElement() instanceof ExclusiveGateway)
                .allSatisfy(shape -> assertThat(shape.isMarkerVisible()).as(shape.getBpmnElement().getId()).isTrue());
    }

    /**
     * Output mappings are also evaluated when a run is cancelled in the step: one that reads a step's transient
     * result ({@code result}, {@code hosts}, {@code addresses}) must cope with its absence.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void outputMappingsOfAStepsResultAreNullSafe(Path file) {
        Pattern readsResult = Pattern.compile("\\b(result|hosts|addresses)\\.");
        assertThat(read(file).getModelElementsByType(org.camunda.bpm.model.bpmn.instance.camunda.CamundaOutputParameter.class))
                .filteredOn(p -> p.getTextContent() != null && readsResult.matcher(p.getTextContent()).find())
                .allSatisfy(p -> assertThat(p.getTextContent()).as(p.getCamundaName())
                        .matches("\\$\\{execution\\.getVariableLocal\\('(result|hosts|addresses)'\\) == null \\? null : .*\\}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyDelegateTaskIsAsyncBeforeWithAnExplicitRetryCycle(Path file) {
        assertThat(read(file).getModelElementsByType(ServiceTask.class))
                .filteredOn(task -> task.getCamundaDelegateExpression() != null)
                .allSatisfy(task -> {
                    assertThat(task.isCamundaAsyncBefore()).as("%s asyncBefore", task.getId()).isTrue();
                    assertThat(retryCycle(task)).as("%s failedJobRetryTimeCycle", task.getId())
                            .hasValueSatisfying(cycle -> assertThat(cycle).matches("R\\d+/PT\\d+[SMH]"));
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everySshTaskHasATargetAndALiteralCommand(Path file) {
        assertThat(delegateTasks(read(file), SSH_DELEGATE)).allSatisfy(task -> {
            Map<String, String> inputs = inputs(task);
            assertThat(inputs).as(task.getId()).containsKeys("target", "command");
            assertThat(inputs.get("target")).as("%s target", task.getId()).isNotBlank();
            assertThat(inputs.get("command")).as("%s command", task.getId()).isNotBlank().doesNotContain("${");
            if (inputs.containsKey("expect")) {
                assertThat(inputs.get("expect")).as("%s expect", task.getId()).doesNotContain("${");
                String withValues = PLACEHOLDER.matcher(inputs.get("expect")).replaceAll(Matcher.quoteReplacement(Pattern.quote("cox-1")));
                assertThatCode(() -> Pattern.compile(withValues, Pattern.MULTILINE)).as("%s expect", task.getId())
                        .doesNotThrowAnyException();
            }
            if (inputs.containsKey("timeout")) {
                assertThat(Duration.parse(inputs.get("timeout"))).as("%s timeout", task.getId()).isPositive();
            }
        });
    }

    /**
     * Whether a command changes the system decides what happens after a crash in mid-command (read-only: run again;
     * changing: an incident) and what plan mode sends: every SSH step says it, explicitly.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everySshTaskDeclaresWhetherItChangesTheSystem(Path file) {
        assertThat(delegateTasks(read(file), SSH_DELEGATE)).allSatisfy(task ->
                assertThat(inputs(task).get("mutates")).as("%s mutates", task.getId()).isIn("true", "false"));
    }

    /**
     * A BPMN error nobody catches ends the execution silently in Camunda 7 ("none end event semantics"), so a failed
     * command would look like a finished runbook: every SSH step needs an error boundary on itself or a sub-process.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everySshTaskHasAnErrorBoundaryOnItselfOrAnEnclosingSubProcess(Path file) {
        BpmnModelInstance model = read(file);
        Set<String> guarded = model.getModelElementsByType(BoundaryEvent.class).stream()
                .filter(event -> !event.getChildElementsByType(ErrorEventDefinition.class).isEmpty())
                .map(event -> event.getAttachedTo().getId()).collect(Collectors.toSet());

        assertThat(delegateTasks(model, SSH_DELEGATE)).allSatisfy(task -> {
            List<String> scopes = new ArrayList<>();
            for (ModelElementInstance e = task; e instanceof FlowNode; e = e.getParentElement()) {
                scopes.add(((FlowNode) e).getId());
            }
            assertThat(scopes).as("%s or a sub-process around it has an error boundary", task.getId())
                    .containsAnyElementsOf(guarded);
        });
    }

    /**
     * Output mappings also run when the task throws a BPMN error, and then {@code result} or {@code parsed} may not
     * exist: an unguarded {@code ${parsed.selfIsMain()}} turns the caught error into an incident.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void sshOutputsAreGuardedForTasksThatThrowBpmnErrors(Path file) {
        Pattern guardedExpression = Pattern.compile(
                "\\$\\{execution\\.getVariableLocal\\('(result|parsed)'\\) == null \\? null : \\1\\..+}");
        assertThat(delegateTasks(read(file), SSH_DELEGATE)).allSatisfy(task -> assertThat(outputs(task)).allSatisfy(
                (name, expression) -> {
                    if (expression.matches("(?s).*\\b(result|parsed)\\..*")) {
                        assertThat(expression).as("%s output %s", task.getId(), name).matches(guardedExpression);
                    }
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyHostLookupNamesARoleAndACount(Path file) {
        assertThat(delegateTasks(read(file), INVENTORY_DELEGATE)).allSatisfy(task -> {
            Map<String, String> inputs = inputs(task);
            assertThat(inputs.get("role")).as("%s role", task.getId()).isNotBlank();
            assertThat(inputs.get("count")).as("%s count", task.getId()).matches("[1-9]\\d*");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyUserTaskUsesAFormDeployedFromFormsFolder(Path file) {
        assertThat(read(file).getModelElementsByType(UserTask.class)).allSatisfy(task -> {
            assertThat(task.getCamundaFormRefBinding()).as("%s formRefBinding", task.getId()).isEqualTo("deployment");
            assertThat(task.getCamundaCandidateGroups()).as("%s candidateGroups", task.getId()).isNotBlank();
            JsonNode form = form(task.getCamundaFormRef());
            assertThat(form.path("id").asText()).as("id in forms/%s.form", task.getCamundaFormRef())
                    .isEqualTo(task.getCamundaFormRef());
        });
    }

    /** A call activity names a process in bpmn/, or {@code ${variable}} declared as {@code oneof:} such processes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyCallActivityCallsAProcessInTheBpmnFolder(Path file) throws IOException {
        Set<String> keys = models().map(BpmnModelsTest::key).collect(Collectors.toSet());
        BpmnModelInstance model = read(file);
        Map<String, String> declared = declaredVariables(model);

        assertThat(model.getModelElementsByType(CallActivity.class)).allSatisfy(call -> {
            Matcher variable = VARIABLE_EXPRESSION.matcher(call.getCalledElement());
            if (variable.matches()) {
                String kind = declared.get(variable.group(1));
                assertThat(kind).as("%s: %s is declared as oneof:<process keys>", call.getId(), variable.group(1))
                        .isNotNull().startsWith("oneof:");
                assertThat(kind.replaceFirst("^oneof:", "").replaceFirst("\\?$", "").split(","))
                        .as("%s: choices of %s", call.getId(), variable.group(1)).isSubsetOf(keys);
            } else {
                assertThat(keys).as(call.getId()).contains(call.getCalledElement());
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyDeclaredStartVariableHasAKnownKind(Path file) {
        assertThat(declaredVariables(read(file))).allSatisfy((name, kind) -> {
            assertThat(name).as("variable name").matches("[a-z][A-Za-z0-9]*");
            assertThat(kind).as("kind of variable %s", name).matches(VARIABLE_KIND);
        });
    }

    /** {@code {{variable}}} in a command or expected output must be a variable the process has when the step runs. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyPlaceholderAndTargetVariableIsOneTheProcessHas(Path file) throws IOException {
        Set<String> available = available(key(file), new HashSet<>());

        assertThat(delegateTasks(read(file), SSH_DELEGATE)).allSatisfy(task -> {
            Map<String, String> inputs = inputs(task);
            for (String input : List.of("command", "expect")) {
                Matcher m = PLACEHOLDER.matcher(inputs.getOrDefault(input, ""));
                while (m.find()) {
                    assertThat(available).as("%s %s placeholder {{%s}}", task.getId(), input, m.group(1))
                            .contains(m.group(1));
                }
            }
            String target = inputs.get("target");
            Matcher variable = VARIABLE_EXPRESSION.matcher(target);
            if (variable.matches()) {
                assertThat(available).as("%s target %s", task.getId(), target).contains(variable.group(1));
            } else {
                assertThat(target).as("%s target: a host name, a role or any:<role>", task.getId())
                        .matches("(any:)?[A-Za-z0-9][A-Za-z0-9._-]*");
            }
        });
    }

    /**
     * The seeds' waits are timers on {@code ${variable}} durations, the variable declared as a start variable or given
     * the seed's value by {@value #APPLY_DEFAULTS}, which then is the first step; its defaults are ISO-8601 durations.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyTimerWaitsForADurationVariableWithTheSeedsDefault(Path file) {
        BpmnModelInstance model = read(file);
        Map<String, String> declared = declaredVariables(model);
        Map<String, String> defaults = new TreeMap<>();
        ScriptTask applyDefaults = model.getModelElementById(APPLY_DEFAULTS);
        if (applyDefaults != null) {
            Matcher m = DEFAULT_DURATION.matcher(applyDefaults.getScript().getTextContent());
            while (m.find()) {
                defaults.put(m.group(1), m.group(2));
            }
            assertThat(model.getModelElementsByType(StartEvent.class))
                    .filteredOn(start -> start.getParentElement() instanceof Process)
                    .allSatisfy(start -> assertThat(start.getOutgoing()).as("%s is the first step", APPLY_DEFAULTS)
                            .singleElement().satisfies(flow -> assertThat(flow.getTarget().getId()).isEqualTo(APPLY_DEFAULTS)));
        }
        assertThat(defaults).allSatisfy((name, value) -> assertThat(Duration.parse(value)).as("default of %s", name).isPositive());
        declared.forEach((name, kind) -> {
            if (kind.equals("duration?")) {
                assertThat(defaults).as("optional duration %s has a default in %s", name, APPLY_DEFAULTS).containsKey(name);
            }
        });

        assertThat(model.getModelElementsByType(TimerEventDefinition.class)).allSatisfy(timer -> {
            String owner = ((BaseElement) timer.getParentElement()).getId();
            assertThat(owner).as("timer event id").startsWith("Timer_");
            assertThat(timer.getTimeDuration()).as("%s timeDuration", owner).isNotNull();
            Matcher variable = VARIABLE_EXPRESSION.matcher(timer.getTimeDuration().getTextContent().trim());
            assertThat(variable.matches()).as("%s waits for ${<variable>}", owner).isTrue();
            String name = variable.group(1);
            assertThat(defaults.containsKey(name) || "duration".equals(declared.get(name)))
                    .as("%s: %s has a default in %s or is a required duration", owner, name, APPLY_DEFAULTS).isTrue();
        });
    }

    /**
     * Every end of a run says how it ended in {@code outcome}, which calling processes map out: a known literal, or,
     * for an end event reached only from call activities, the called runbook's outcome that they map out
     * ({@code <camunda:out source="outcome" target="x"/>}, then {@code setVariable('outcome', getVariable('x'))}); the
     * called runbook's own end events are checked here too.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyEndEventOfTheProcessSetsTheOutcome(Path file) {
        Pattern literal = Pattern.compile("'([a-z][a-z-]*)'");
        assertThat(read(file).getModelElementsByType(EndEvent.class))
                .filteredOn(end -> end.getParentElement() instanceof Process)
                .isNotEmpty()
                .allSatisfy(end -> {
                    List<String> scripts = end.getExtensionElements() == null ? List.of()
                            : end.getExtensionElements().getElementsQuery().filterByType(CamundaExecutionListener.class).list()
                            .stream().filter(l -> "start".equals(l.getCamundaEvent()) && l.getCamundaScript() != null)
                            .map(l -> l.getCamundaScript().getTextContent()).toList();
                    assertThat(scripts).as("%s: start listener setting outcome", end.getId())
                            .anySatisfy(script -> assertThat(script).contains("setVariable('outcome'"));
                    Matcher passOn = PASS_ON_OUTCOME.matcher(scripts.size() == 1 ? scripts.get(0) : "");
                    if (passOn.matches()) {
                        assertThat(end.getId()).as("a passed-on outcome is not a known one")
                                .isNotIn("EndEvent_EscalatedToSupport", "EndEvent_Cancelled", "EndEvent_Recovered");
                        assertThat(end.getIncoming()).as("%s passes on a called runbook's outcome: reached only from "
                                        + "call activities mapping it out to %s", end.getId(), passOn.group(1))
                                .isNotEmpty()
                                .allSatisfy(flow -> assertThat(mapsOutOutcome(flow.getSource(), passOn.group(1)))
                                        .as("%s maps outcome out to %s", flow.getSource().getId(), passOn.group(1))
                                        .isTrue());
                        return;
                    }
                    Set<String> values = new TreeSet<>();
                    for (String script : scripts) {
                        Matcher m = literal.matcher(script.replaceAll("getVariable\\('[^']*'\\)", ""));
                        while (m.find()) {
                            values.add(m.group(1));
                        }
                    }
                    values.remove("outcome");
                    assertThat(values).as("%s outcomes", end.getId()).isNotEmpty().isSubsetOf(OUTCOMES);
                    if (end.getId().equals("EndEvent_EscalatedToSupport")) {
                        assertThat(values).as(end.getId()).containsExactly("escalated");
                    } else if (end.getId().equals("EndEvent_Cancelled")) {
                        assertThat(values).as(end.getId()).containsExactly("cancelled");
                    } else if (end.getId().equals("EndEvent_Recovered")) {
                        assertThat(values).as(end.getId()).containsExactly("recovered");
                    }
                });
    }

    /** Shapes do not overlap, except a boundary event on its activity and the contents of an expanded sub-process. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void noTwoShapesOverlap(Path file) {
        List<BpmnShape> shapes = new ArrayList<>(read(file).getModelElementsByType(BpmnShape.class));
        for (int i = 0; i < shapes.size(); i++) {
            for (int j = i + 1; j < shapes.size(); j++) {
                BpmnShape a = shapes.get(i);
                BpmnShape b = shapes.get(j);
                if (attachedOrInside(a, b) || attachedOrInside(b, a)) {
                    continue;
                }
                assertThat(overlap(a.getBounds(), b.getBounds()))
                        .as("%s overlaps %s", a.getBpmnElement().getId(), b.getBpmnElement().getId()).isFalse();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everySplittingExclusiveGatewayHasConditionsOrADefault(Path file) {
        assertThat(read(file).getModelElementsByType(ExclusiveGateway.class))
                .filteredOn(gateway -> gateway.getOutgoing().size() > 1)
                .allSatisfy(gateway -> assertThat(gateway.getOutgoing())
                        .allSatisfy(flow -> assertThat(flow.getConditionExpression() != null || flow.equals(gateway.getDefault()))
                                .as("%s: %s has a condition or is the default", gateway.getId(), flow.getId())
                                .isTrue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everyEvidenceFieldShowsAVariableTheProcessHas(Path file) throws IOException {
        BpmnModelInstance model = read(file);
        Set<String> available = available(key(file), new HashSet<>());

        for (UserTask task : model.getModelElementsByType(UserTask.class)) {
            assertThat(disabledKeys(form(task.getCamundaFormRef())))
                    .as("evidence fields of form %s in %s", task.getCamundaFormRef(), task.getId())
                    .isSubsetOf(available);
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    /** Declared start variables: {@code variable:<name>} properties of the process, name to kind. */
    private static Map<String, String> declaredVariables(BpmnModelInstance model) {
        Map<String, String> declared = new TreeMap<>();
        Process process = process(model);
        if (process.getExtensionElements() != null) {
            process.getExtensionElements().getElementsQuery().filterByType(CamundaProperties.class).list().stream()
                    .flatMap(props -> props.getCamundaProperties().stream())
                    .filter(p -> p.getCamundaName() != null && p.getCamundaName().startsWith("variable:"))
                    .forEach(p -> declared.put(p.getCamundaName().substring("variable:".length()),
                            p.getCamundaValue() == null ? "" : p.getCamundaValue().trim()));
        }
        return declared;
    }

    /** A call activity with {@code <camunda:out source="outcome" target="<variable>"/>}. */
    private static boolean mapsOutOutcome(FlowNode node, String variable) {
        return node instanceof CallActivity call && call.getExtensionElements() != null
                && call.getExtensionElements().getElementsQuery().filterByType(CamundaOut.class).list().stream()
                .anyMatch(out -> "outcome".equals(out.getCamundaSource()) && variable.equals(out.getCamundaTarget()));
    }

    private static boolean attachedOrInside(BpmnShape inner, BpmnShape outer) {
        if (inner.getBpmnElement() instanceof BoundaryEvent boundary && boundary.getAttachedTo() == outer.getBpmnElement()) {
            return true;
        }
        for (ModelElementInstance e = inner.getBpmnElement().getParentElement(); e != null; e = e.getParentElement()) {
            if (e == outer.getBpmnElement()) {
                return true;
            }
        }
        return false;
    }

    private static boolean overlap(Bounds a, Bounds b) {
        return a.getX() < b.getX() + b.getWidth() && b.getX() < a.getX() + a.getWidth()
                && a.getY() < b.getY() + b.getHeight() && b.getY() < a.getY() + a.getHeight();
    }

    private static BpmnModelInstance read(Path file) {
        return Bpmn.readModelFromFile(file.toFile());
    }

    private static String key(Path file) {
        return file.getFileName().toString().replaceFirst("\\.bpmn$", "");
    }

    private static Process process(BpmnModelInstance model) {
        assertThat(model.getModelElementsByType(Process.class)).hasSize(1);
        return model.getModelElementsByType(Process.class).iterator().next();
    }

    private static Set<String> ids(Collection<? extends BaseElement> elements) {
        return elements.stream().map(BaseElement::getId).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<ServiceTask> delegateTasks(BpmnModelInstance model, String delegateExpression) {
        return model.getModelElementsByType(ServiceTask.class).stream()
                .filter(task -> delegateExpression.equals(task.getCamundaDelegateExpression())).toList();
    }

    private static Optional<String> retryCycle(ServiceTask task) {
        if (task.getExtensionElements() == null) {
            return Optional.empty();
        }
        return task.getExtensionElements().getElementsQuery().filterByType(CamundaFailedJobRetryTimeCycle.class).list()
                .stream().map(CamundaFailedJobRetryTimeCycle::getTextContent).map(String::trim).findFirst();
    }

    private static Map<String, String> inputs(ServiceTask task) {
        Map<String, String> inputs = new TreeMap<>();
        if (task.getExtensionElements() != null) {
            task.getExtensionElements().getElementsQuery().filterByType(CamundaInputOutput.class).list()
                    .forEach(io -> io.getCamundaInputParameters().forEach((CamundaInputParameter p) ->
                            inputs.put(p.getCamundaName(), p.getTextContent().trim())));
        }
        return inputs;
    }

    private static Map<String, String> outputs(ServiceTask task) {
        Map<String, String> outputs = new TreeMap<>();
        if (task.getExtensionElements() != null) {
            task.getExtensionElements().getElementsQuery().filterByType(CamundaInputOutput.class).list()
                    .forEach(io -> io.getCamundaOutputParameters().forEach((CamundaOutputParameter p) ->
                            outputs.put(p.getCamundaName(), p.getTextContent().trim())));
        }
        return outputs;
    }

    private static JsonNode form(String formId) {
        Path file = FORMS_DIR.resolve(formId + ".form");
        assertThat(file).as("form %s", formId).isRegularFile();
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError("forms/" + formId + ".form is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static Set<String> disabledKeys(JsonNode form) {
        Set<String> keys = new TreeSet<>();
        List<JsonNode> pending = new ArrayList<>();
        form.path("components").forEach(pending::add);
        while (!pending.isEmpty()) {
            JsonNode component = pending.remove(pending.size() - 1);
            component.path("components").forEach(pending::add);
            if (component.path("disabled").asBoolean(false) && component.hasNonNull("key")) {
                keys.add(component.get("key").asText());
            }
        }
        return keys;
    }

    /** Variables a process writes itself, declares as start variables, or gets from every caller with in mappings. */
    private static Set<String> available(String processKey, Set<String> visited) throws IOException {
        Set<String> variables = new TreeSet<>(START_VARIABLES);
        if (!visited.add(processKey)) {
            return variables;
        }
        variables.addAll(written(read(BPMN_DIR.resolve(processKey + ".bpmn"))));
        for (Path caller : models().toList()) {
            for (CallActivity call : read(caller).getModelElementsByType(CallActivity.class)) {
                if (!processKey.equals(call.getCalledElement()) || call.getExtensionElements() == null) {
                    continue;
                }
                for (CamundaIn in : call.getExtensionElements().getElementsQuery().filterByType(CamundaIn.class).list()) {
                    if ("all".equals(in.getCamundaVariables())) {
                        variables.addAll(available(key(caller), visited));
                    } else if (in.getCamundaTarget() != null) {
                        variables.add(in.getCamundaTarget());
                    }
                }
            }
        }
        return variables;
    }

    private static Set<String> written(BpmnModelInstance model) {
        Set<String> variables = new TreeSet<>();
        model.getModelElementsByType(CamundaOutputParameter.class).forEach(p -> variables.add(p.getCamundaName()));
        model.getModelElementsByType(CamundaProperty.class).stream()
                .map(CamundaProperty::getCamundaName)
                .filter(name -> name != null && name.startsWith("variable:"))
                .forEach(name -> variables.add(name.substring("variable:".length())));
        for (ErrorEventDefinition error : model.getModelElementsByType(ErrorEventDefinition.class)) {
            Stream.of(error.getCamundaErrorMessageVariable(), error.getCamundaErrorCodeVariable())
                    .filter(name -> name != null).forEach(variables::add);
        }
        List<String> scripts = new ArrayList<>();
        model.getModelElementsByType(ScriptTask.class).stream()
                .filter(task -> task.getScript() != null).forEach(task -> scripts.add(task.getScript().getTextContent()));
        model.getModelElementsByType(CamundaScript.class).forEach(script -> scripts.add(script.getTextContent()));
        for (String script : scripts) {
            Matcher m = SET_VARIABLE.matcher(script);
            while (m.find()) {
                variables.add(m.group(1));
            }
        }
        return variables;
    }
}
