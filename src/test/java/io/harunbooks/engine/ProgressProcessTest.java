package io.harunbooks.engine;

import io.harunbooks.support.ProcessTestEngine;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code progress} variable says, in words, what a run does at each moment: steps, waits, people. */
@Deployment(resources = {"bpmn/tarantool-replica-resync.bpmn", "bpmn/escalate-to-support.bpmn",
        "forms/confirm-replica-clean.form", "forms/escalate-to-support.form"})
class ProgressProcessTest {

    static final ProcessTestEngine pt = new ProcessTestEngine();

    @RegisterExtension
    static ProcessEngineExtension extension = pt.extension();

    @BeforeEach
    void setUp() {
        pt.reset();
        pt.lab.inject("tarantool-replication-stopped");
    }

    @Test
    void progressFollowsTheRunThroughStepsAPersonAndTheWaits() {
        ProcessInstance pi = pt.start("tarantool-replica-resync", Map.of("service", "badger", "instance", "badger-3"));
        assertThat(progress(pi)).isEqualTo("running: Show the service map");
        pt.executeJobs();
        assertThat(progress(pi)).startsWith("waiting for a person: ");

        pt.confirm(pi);
        assertThat(progress(pi)).matches("waiting PT5M: .*, until \\d\\d:\\d\\d");

        pt.fireTimers();
        pt.fireTimers();
        assertThat(pt.engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(pi.getId()).count())
                .isZero();
        List<String> history = pt.engine.getHistoryService().createHistoricDetailQuery().variableUpdates()
                .processInstanceId(pi.getId()).orderPartiallyByOccurrence().asc().list().stream()
                .map(d -> (HistoricVariableUpdate) d).filter(u -> u.getVariableName().equals("progress"))
                .map(u -> String.valueOf(u.getValue())).toList();
        assertThat(history).contains("running: Show the service map").anyMatch(p -> p.startsWith("running: ")
                && p.toLowerCase().contains("flip")).anyMatch(p -> p.startsWith("waiting PT5M"));
    }

    private static String progress(ProcessInstance pi) {
        return String.valueOf(pt.engine.getRuntimeService().getVariable(pi.getId(), "progress"));
    }
}
