package io.snclr.engine;

import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

/**
 * A region whose native tensors are freed on close. Without it, every step leaks ~60 MB: the Java objects are
 * tiny, so the garbage collector never runs.
 */
public final class Scope implements AutoCloseable {
    private final PointerScope scope;

    private Scope() {
        this.scope = new PointerScope();
    }

    public static Scope open() {
        return new Scope();
    }

    /** Keeps {@code p} alive after this scope closes; the caller (or an outer scope it is attached to) owns it. */
    public <P extends Pointer> P keep(P p) {
        p.retainReference(); // detach() releases the scope's reference; this one stays with the caller
        scope.detach(p);
        return p;
    }

    /**
     * Takes {@code p} out of the innermost memory scope, so that no scope frees it; the caller releases it with
     * {@code releaseReference()} (native callbacks that must outlive the layer that registered them).
     */
    public static <P extends Pointer> P unscoped(P p) {
        p.retainReference();
        PointerScope inner = PointerScope.getInnerScope();
        if (inner != null) inner.detach(p);
        return p;
    }

    /** Hands a pointer made elsewhere (e.g. by the prefetch thread) to this scope. */
    public <P extends Pointer> P adopt(P p) {
        scope.attach(p);
        p.releaseReference(); // attach() retained it; the reference kept by keep() is now the scope's
        return p;
    }

    /**
     * Runs one layer and frees its intermediate tensors as soon as it returns, keeping only its output (handed to the
     * enclosing scope). What autograd saved for the backward pass stays alive through the graph's own references,
     * so this is always safe; what it did not save (every intermediate of a no-grad forward, such as the momentum
     * encoder's) is freed at once, as Python's reference counting does, instead of at the end of the step.
     */
    public static Tensor layer(Supplier<Tensor> body) {
        return layer(body, t -> new Tensor[] {t});
    }

    /**
     * Replaces {@code input} by {@code body(input)} and frees both the body's intermediates and {@code input} (its
     * storage lives on where the result shares it), so a chain of whole-batch transforms holds two results at a time
     * instead of every intermediate until the step's scope closes. {@code input} must be the caller's own tensor.
     * Outside any scope the body just runs (the collector frees what it made).
     */
    public static Tensor transform(Tensor input, UnaryOperator<Tensor> body) {
        if (PointerScope.getInnerScope() == null) return body.apply(input);
        Tensor out = layer(() -> body.apply(input));
        if (out != input) input.close();
        return out;
    }

    /** {@link #layer(java.util.function.Supplier)} for a body whose result holds several tensors (nulls allowed). */
    public static <T> T layer(Supplier<T> body, Function<T, Tensor[]> outputs) {
        T result;
        Tensor[] out;
        try (PointerScope inner = new PointerScope()) {
            result = body.get();
            out = outputs.apply(result);
            for (Tensor t : out) {
                if (t == null) continue;
                t.retainReference();
                inner.detach(t);
            }
        }
        PointerScope outer = PointerScope.getInnerScope();
        for (Tensor t : out) {
            if (t == null) continue;
            if (outer != null) outer.attach(t);
            t.releaseReference();
        }
        return result;
    }

    @Override
    public void close() {
        scope.close();
    }
}
