/**
 * Engine: Camunda configuration shared by all runbooks (retry policy, decision journaling, unhandled BPMN errors),
 * typed reading of input parameters, BPMN error codes, the output-parser contract.
 */
package io.harunbooks.engine;
