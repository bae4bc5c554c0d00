/**
 * List lineage: the shared numbers of every pair of firms, the batches in which each firm acquired
 * them, and the directed graph of list flows inferred from them, unseized sources included.
 */
package org.opendnc.investigate.lineage;
