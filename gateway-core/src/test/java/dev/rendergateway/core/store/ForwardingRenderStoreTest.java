package dev.rendergateway.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decorators built on the forwarding base pass every call of the store interface on, also ones added later. */
class ForwardingRenderStoreTest {

    @Test
    void passesEveryMethodOfTheStoreOnToTheDecoratedStore() throws Exception {
        List<String> reached = new ArrayList<>();
        RenderStore decorated = (RenderStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RenderStore.class}, (proxy, method, args) -> {
                    reached.add(method.getName());
                    return null;
                });
        RenderStore decorator = new ForwardingRenderStore(decorated) {
        };

        List<String> methods = new ArrayList<>();
        for (Method method : RenderStore.class.getMethods()) {
            methods.add(method.getName());
            method.invoke(decorator, Arrays.stream(method.getParameterTypes())
                    .map(type -> type == int.class ? (Object) 0 : null).toArray());
        }

        assertThat(methods).isNotEmpty();
        assertThat(reached).containsExactlyInAnyOrderElementsOf(methods);
        assertThat(Arrays.stream(RenderStore.class.getMethods()).map(Method::getName)).contains("ping");
    }
}
