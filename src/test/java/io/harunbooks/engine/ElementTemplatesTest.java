package io.harunbooks.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every service task in bpmn/ uses an element template, and its inputs are the ones its template offers. */
class ElementTemplatesTest {

    private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";

    @Test
    void everyServiceTaskMatchesItsTemplate() throws IOException {
        Map<String, JsonNode> templates = new HashMap<>();
        for (File f : Objects.requireNonNull(new File("bpmn/.camunda/element-templates").listFiles())) {
            for (JsonNode t : new ObjectMapper().readTree(f)) {
                templates.put(t.get("id").asText(), t);
            }
        }
        assertThat(templates).containsKeys("io.harunbooks.ssh-command", "io.harunbooks.inventory-hosts",
                "io.harunbooks.sql-query", "io.harunbooks.drbdadm");
        int checked = 0;
        for (File f : Objects.requireNonNull(new File("bpmn").listFiles((d, n) -> n.endsWith(".bpmn")))) {
            BpmnModelInstance model = Bpmn.readModelFromFile(f);
            for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
                String where = f.getName() + "#" + task.getId();
                String templateId = task.getAttributeValueNs(CAMUNDA_NS, "modelerTemplate");
                assertThat(templateId).as(where + " has no camunda:modelerTemplate").isNotNull();
                JsonNode template = templates.get(templateId);
                assertThat(template).as(where + " uses unknown template " + templateId).isNotNull();

                Set<String> offered = new HashSet<>();
                Set<String> required = new HashSet<>();
                String delegate = null;
                for (JsonNode p : template.get("properties")) {
                    JsonNode b = p.get("binding");
                    if (b.get("type").asText().equals("camunda:inputParameter")) {
                        offered.add(b.get("name").asText());
                        if (p.path("constraints").path("notEmpty").asBoolean()) {
                            required.add(b.get("name").asText());
                        }
                    } else if (b.path("name").asText().equals("camunda:delegateExpression")) {
                        delegate = p.get("value").asText();
                    }
                }
                assertThat(task.getCamundaDelegateExpression()).as(where).isEqualTo(delegate);
                Set<String> inputs = new HashSet<>();
                CamundaInputOutput io = task.getExtensionElements().getElementsQuery()
                        .filterByType(CamundaInputOutput.class).singleResult();
                for (CamundaInputParameter in : io.getCamundaInputParameters()) {
                    inputs.add(in.getCamundaName());
                }
                assertThat(offered).as(where + " inputs").containsAll(inputs);
                assertThat(inputs).as(where + " required inputs").containsAll(required);
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(19);
    }
}
