/**
 * What every view of the console shares at run time: the {@link io.relayscope.ui.frame.ConsoleFrame}
 * sampled off the FX thread, the {@link io.relayscope.ui.frame.FrameView} contract that renders it,
 * and the operator's {@link io.relayscope.ui.frame.Selection}.
 *
 * <p>Dependencies point one way: feature packages ({@code ui.clients}, {@code ui.timeline}, …)
 * import this package and {@code ui.fx}; the root package ({@code ConsoleWindow}, {@code ConsoleModel},
 * {@code ConsoleApp}) imports the features; nothing here or in a feature imports the root.
 */
package io.relayscope.ui.frame;
