package io.resgrow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.types.Shape;
import io.resgrow.core.check.Check;
import io.resgrow.core.check.InvalidSettingException;
import io.resgrow.core.testing.ArraySource;
import io.resgrow.core.testing.TinyNets;
import org.junit.jupiter.api.Test;

class InvalidSettingExceptionTest {

    @Test
    void messageNamesParameterValueExpectationAndFix() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Check.positive("epochs", 0));
        assertEquals(
                "Invalid value for 'epochs'. Received: epochs=0. Expected: an integer >= 1."
                        + " Fix: pass a positive number for epochs",
                e.getMessage());
    }

    @Test
    void runSettingsAreValidatedInOnePlace() {
        var data = ArraySource.blobs(8, 2, 1, 2, 0, 1);
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> ResGrow.train(TinyNets.mlp(2, 2), new Shape(1, 2, 2))
                        .on(data)
                        .batchSize(0)
                        .build());
        assertEquals("batchSize", e.parameter());
        e = assertThrows(
                InvalidSettingException.class,
                () -> ResGrow.train(TinyNets.mlp(2, 2), new Shape(1, 2, 2)).build());
        assertEquals("train", e.parameter());
        e = assertThrows(
                InvalidSettingException.class,
                () -> ResGrow.train(TinyNets.mlp(2, 2), new Shape(1, 2, 2))
                        .on(data)
                        .resume(true)
                        .build());
        assertEquals("resume", e.parameter());
    }
}
