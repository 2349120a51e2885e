package io.harunbooks.engine;

import org.camunda.bpm.engine.impl.variable.serializer.AbstractTypedValueSerializer;
import org.camunda.bpm.engine.impl.variable.serializer.ValueFields;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.impl.value.UntypedValueImpl;
import org.camunda.bpm.engine.variable.type.ValueType;
import org.camunda.bpm.engine.variable.value.ObjectValue;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * Lets delegates hand typed Java objects (a {@code CommandResult}, a parsed state) to their task's output mappings as
 * transient variables. The engine looks up a serializer even for values it never stores; with Java serialization
 * off (as it should be) none would accept them. This one accepts transient object values only and stores nothing.
 */
final class TransientObjectSerializer extends AbstractTypedValueSerializer<ObjectValue> {

    TransientObjectSerializer() {
        super(ValueType.OBJECT);
    }

    @Override
    public String getName() {
        return "transient-object";
    }

    @Override
    protected boolean canWriteValue(TypedValue value) {
        return value.isTransient();
    }

    @Override
    public boolean canHandle(TypedValue value) {
        return value != null && value.isTransient() && (value instanceof ObjectValue || value instanceof UntypedValueImpl);
    }

    @Override
    public ObjectValue convertToTypedValue(UntypedValueImpl untypedValue) {
        return Variables.objectValue(untypedValue.getValue(), true).create();
    }

    @Override
    public void writeValue(ObjectValue value, ValueFields valueFields) {
        // transient: never written to the database
    }

    @Override
    public ObjectValue readValue(ValueFields valueFields, boolean deserializeValue, boolean asTransientValue) {
        throw new IllegalStateException("transient variable '" + valueFields.getName() + "' was never stored");
    }
}
