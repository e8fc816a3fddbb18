package dev.rendergateway.core.events;

import dev.rendergateway.core.render.Render;

/** One published change of a render, numbered by a sequence that only grows across all renders. */
public record RenderEvent(long sequence, Render render) {
}
