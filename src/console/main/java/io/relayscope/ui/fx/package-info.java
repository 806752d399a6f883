/**
 * How the views show things, whatever the feature: numbers, sizes and times as text
 * ({@link io.relayscope.ui.fx.Format}), table columns wide enough for their texts, style classes
 * changed only when they differ, whether a node is on screen. Imported by the feature packages,
 * importing none of them.
 */
package io.relayscope.ui.fx;
