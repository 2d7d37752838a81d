package io.resgrow.core.engine;

import ai.djl.engine.Engine;
import java.lang.reflect.Method;

/**
 * libtorch's autograd switch is per thread and on by default; DJL's PyTorch engine turns it off only
 * in the thread that loads the engine, and a gradient collector turns it back to what it found. A
 * run fitted from another thread (an executor, a coroutine, a JShell worker) would record autograd
 * history for its in-place parameter updates and fail ("a leaf Variable that requires grad is being
 * used in an in-place operation"). A run turns it off in its own thread first, as the engine does
 * in the thread that loaded it, through the engine's public {@code JniUtils.setGradMode} (found by
 * name: the library modules depend on DJL's API only). Other engines are left alone.
 */
public final class ThreadGradMode {

    private ThreadGradMode() {}

    /** Turns autograd recording off in the calling thread, on the PyTorch engine. */
    public static void offInThisThread() {
        if (!"PyTorch".equals(Engine.getInstance().getEngineName())) {
            return;
        }
        try {
            Class<?> jni = Class.forName("ai.djl.pytorch.jni.JniUtils");
            Method set = jni.getMethod("setGradMode", boolean.class);
            set.invoke(null, false);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot turn autograd off in this thread through DJL's PyTorch engine", e);
        }
    }
}
