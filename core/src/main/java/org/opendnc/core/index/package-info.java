/**
 * The in-memory opposition index: registered numbers and per-operator ALLOW sets as compressed
 * bitmaps, with checksummed snapshots that are rebuilt from the event log when unusable.
 */
package org.opendnc.core.index;
