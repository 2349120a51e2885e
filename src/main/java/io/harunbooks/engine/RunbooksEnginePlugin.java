package io.harunbooks.engine;

import io.harunbooks.audit.CommandJournal;
import io.harunbooks.audit.DecisionRecorder;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Engine settings every runbook relies on:
 * <ul>
 *   <li>a BPMN error no boundary event catches becomes an exception (retry, then incident), never a silent end;</li>
 *   <li>{@link NonRetriableException}s end retries at once;</li>
 *   <li>steps without a retry cycle of their own get their task type's ({@link RetryDefaults});</li>
 *   <li>a run's {@code progress} variable says what it does now, and runs are counted ({@link RunObserver});</li>
 *   <li>every user task's completion is journaled as a decision (variables named in its
 *       {@code camunda:property name="decisionVariables"} are recorded with it).</li>
 * </ul>
 */
@Component
public class RunbooksEnginePlugin extends AbstractProcessEnginePlugin {

    public static final String DECISION_VARIABLES_PROPERTY = "decisionVariables";
    /**
     * {@code <camunda:property name="fourEyes" value="true"/>} on a user task confirming a destructive step: its
     * completion must pass {@link io.harunbooks.audit.FourEyesListener} (checked before the decision is journaled).
     */
    public static final String FOUR_EYES_PROPERTY = "fourEyes";

    private final CommandJournal journal;
    private final io.harunbooks.audit.FourEyesListener fourEyes;
    private final RetryDefaults retryDefaults;

    @org.springframework.beans.factory.annotation.Autowired
    public RunbooksEnginePlugin(CommandJournal journal, RetryDefaults retryDefaults,
                                io.harunbooks.audit.FourEyesListener fourEyes) {
        this.journal = journal;
        this.retryDefaults = retryDefaults;
        this.fourEyes = fourEyes;
    }

    public RunbooksEnginePlugin(CommandJournal journal, RetryDefaults retryDefaults) {
        this(journal, retryDefaults, new io.harunbooks.audit.FourEyesListener(true));
    }

    public RunbooksEnginePlugin(CommandJournal journal) {
        this(journal, RetryDefaults.none(), new io.harunbooks.audit.FourEyesListener(true));
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setEnableExceptionsAfterUnhandledBpmnError(true);
        configuration.setFailedJobCommandFactory(new RetryPolicyJobCommandFactory());
        configuration.setJavaSerializationFormatEnabled(false);
        List<org.camunda.bpm.engine.impl.variable.serializer.TypedValueSerializer> serializers =
                configuration.getCustomPreVariableSerializers() == null
                        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreVariableSerializers());
        serializers.add(new TransientObjectSerializer());
        configuration.setCustomPreVariableSerializers(serializers);
        List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
        listeners.add(new DecisionParseListener(journal, fourEyes));
        listeners.add(retryDefaults.parseListener());
        listeners.add(new RunObserver());
        configuration.setCustomPostBPMNParseListeners(listeners);
    }

    static final class DecisionParseListener extends AbstractBpmnParseListener {

        private final CommandJournal journal;
        private final io.harunbooks.audit.FourEyesListener fourEyes;

        DecisionParseListener(CommandJournal journal, io.harunbooks.audit.FourEyesListener fourEyes) {
            this.journal = journal;
            this.fourEyes = fourEyes;
        }

        @Override
        public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
            if (activity.getActivityBehavior() instanceof UserTaskActivityBehavior behavior) {
                if (property(element, FOUR_EYES_PROPERTY).equals("true")) {
                    // first: a refused completion is not journaled as a decision
                    behavior.getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, fourEyes);
                    // who may confirm destructive steps comes from configuration, not from the model
                    org.camunda.bpm.engine.impl.task.TaskDefinition task = behavior.getTaskDefinition();
                    org.camunda.bpm.engine.impl.el.ExpressionManager expressions =
                            org.camunda.bpm.engine.impl.context.Context.getProcessEngineConfiguration()
                                    .getExpressionManager();
                    task.getCandidateGroupIdExpressions().clear();
                    fourEyes.candidateGroups().forEach(g ->
                            task.addCandidateGroupIdExpression(expressions.createExpression(g)));
                    task.getCandidateUserIdExpressions().clear();
                    fourEyes.candidateUsers().forEach(u ->
                            task.addCandidateUserIdExpression(expressions.createExpression(u)));
                }
                behavior.getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE,
                        new DecisionRecorder(journal, decisionVariables(element)));
            }
        }

        static String property(Element element, String name) {
            Element ext = element.element("extensionElements");
            Element props = ext == null ? null : ext.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "properties");
            if (props == null) {
                return "";
            }
            return props.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "property").stream()
                    .filter(p -> name.equals(p.attribute("name"))).map(p -> p.attribute("value", "").trim())
                    .findFirst().orElse("");
        }

        static List<String> decisionVariables(Element element) {
            Element ext = element.element("extensionElements");
            if (ext == null) {
                return List.of();
            }
            Element props = ext.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "properties");
            if (props == null) {
                return List.of();
            }
            return props.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "property").stream()
                    .filter(p -> DECISION_VARIABLES_PROPERTY.equals(p.attribute("name")))
                    .flatMap(p -> Arrays.stream(p.attribute("value", "").split(",")))
                    .map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }
}
