package org.opendnc.investigate.lineage;

import java.util.List;
import org.opendnc.investigate.ingest.FirmRecords;

/**
 * Walks the keys of all firms in ascending order at once (a k-way merge of the firms' sorted
 * cursors), handing each key with the firms that hold it. One pass costs O(records log firms).
 */
public final class CaseMerge {
  /** Receives each key once, with its holders. Arrays are reused: copy what you keep. */
  public interface Visitor {
    /**
     * @param key the key (a valid E.164 number or an invalid-number key)
     * @param holders how many firms hold it
     * @param firms the holders' firm indexes, ascending, in {@code [0, holders)}
     * @param records the record index of the key in each holder's records
     */
    void visit(long key, int holders, int[] firms, int[] records);
  }

  private CaseMerge() {}

  /** Runs one merge pass over {@code firms}, calling every visitor for each key. */
  public static void run(List<FirmRecords> firms, Visitor... visitors) {
    int n = firms.size();
    FirmRecords.Cursor[] cursors = new FirmRecords.Cursor[n];
    long[] current = new long[n];
    int[] heap = new int[n];
    int heapSize = 0;
    for (int f = 0; f < n; f++) {
      cursors[f] = firms.get(f).cursor();
      if (cursors[f].hasNext()) {
        current[f] = cursors[f].next();
        heap[heapSize] = f;
        siftUp(heap, heapSize, current);
        heapSize++;
      }
    }
    int[] holderFirms = new int[n];
    int[] holderRecords = new int[n];
    while (heapSize > 0) {
      long key = current[heap[0]];
      int holders = 0;
      while (heapSize > 0 && current[heap[0]] == key) {
        int f = heap[0];
        holderFirms[holders] = f;
        holderRecords[holders] = cursors[f].index();
        holders++;
        if (cursors[f].hasNext()) {
          current[f] = cursors[f].next();
        } else {
          heap[0] = heap[--heapSize];
        }
        siftDown(heap, heapSize, current);
      }
      if (holders > 1) {
        sortByFirm(holderFirms, holderRecords, holders);
      }
      for (Visitor visitor : visitors) {
        visitor.visit(key, holders, holderFirms, holderRecords);
      }
    }
  }

  private static void sortByFirm(int[] firms, int[] records, int count) {
    for (int i = 1; i < count; i++) {
      int f = firms[i];
      int r = records[i];
      int j = i - 1;
      while (j >= 0 && firms[j] > f) {
        firms[j + 1] = firms[j];
        records[j + 1] = records[j];
        j--;
      }
      firms[j + 1] = f;
      records[j + 1] = r;
    }
  }

  private static boolean less(int a, int b, long[] current) {
    return current[a] < current[b] || current[a] == current[b] && a < b;
  }

  private static void siftUp(int[] heap, int index, long[] current) {
    int item = heap[index];
    while (index > 0) {
      int parent = (index - 1) >>> 1;
      if (!less(item, heap[parent], current)) {
        break;
      }
      heap[index] = heap[parent];
      index = parent;
    }
    heap[index] = item;
  }

  private static void siftDown(int[] heap, int size, long[] current) {
    if (size == 0) {
      return;
    }
    int index = 0;
    int item = heap[0];
    while (true) {
      int child = 2 * index + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && less(heap[child + 1], heap[child], current)) {
        child++;
      }
      if (!less(heap[child], item, current)) {
        break;
      }
      heap[index] = heap[child];
      index = child;
    }
    heap[index] = item;
  }
}
