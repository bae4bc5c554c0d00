package org.opendnc.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TilePathTest {

  @Test
  void indicesAreWrittenInThreeDigitGroupsAllButTheLastPrefixedWithX() {
    assertThat(TilePath.hashes(0, 1234067, 256).path()).isEqualTo("tile/0/x001/x234/067");
    assertThat(TilePath.hashes(3, 0, 256).path()).isEqualTo("tile/3/000");
    assertThat(TilePath.hashes(1, 5, 17).path()).isEqualTo("tile/1/005.p/17");
    assertThat(TilePath.hashes(0, 1000, 256).path()).isEqualTo("tile/0/x001/000");
    assertThat(TilePath.hashes(0, 1_000_067, 256).path()).isEqualTo("tile/0/x001/x000/067");
    assertThat(TilePath.entries(1234067, 8).path()).isEqualTo("tile/entries/x001/x234/067.p/8");
    assertThat(TilePath.entries(999, 256).path()).isEqualTo("tile/entries/999");
  }

  @Test
  void pathsParseBackToTheSameTile() {
    for (TilePath path : List.of(TilePath.hashes(0, 1234067, 256), TilePath.hashes(63, 0, 1),
        TilePath.hashes(2, 999_999_999_999L, 255), TilePath.entries(1_000_067, 3), TilePath.entries(0, 256),
        TilePath.hashes(0, Long.MAX_VALUE, 256))) {
      assertThat(TilePath.parse(path.path())).isEqualTo(path);
    }
  }

  @Test
  void nonCanonicalOrMalformedPathsAreRefused() {
    for (String bad : List.of("tile/0/1", "tile/0/0001", "tile/00/000", "tile/64/000", "tile/0/x000/123",
        "tile/0/001/002", "tile/0/x1/002", "tile/0/000.p/0", "tile/0/000.p/256", "tile/0/000.p/08",
        "tile/0/000.p/", "tile/entries/x001", "tile/0/", "tile/entries/000.p/1/", "checkpoint", "tile/-1/000",
        "tile/0/x009/x223/372/x036/854/775/808", "tile/0/abc", "/tile/0/000")) {
      assertThatThrownBy(() -> TilePath.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not a tile path");
    }
  }

  @Test
  void theSpecsExampleTreesHaveTheTilesItLists() {
    // c2sp.org/tlog-tiles: 70,000 leaves are 273 full level-0 tiles, a partial one of width 112, one
    // full level-1 tile, a partial one of width 17, and a partial level-2 tile of width 1.
    List<TilePath> tiles = TilePath.all(70_000).stream().filter(p -> !p.entries()).toList();
    assertThat(tiles.stream().filter(p -> p.level() == 0 && !p.isPartial())).hasSize(273);
    assertThat(tiles).contains(TilePath.hashes(0, 273, 112), TilePath.hashes(1, 0, 256),
        TilePath.hashes(1, 1, 17), TilePath.hashes(2, 0, 1));
    assertThat(tiles).hasSize(273 + 4);
    assertThat(TilePath.all(70_000).stream().filter(TilePath::entries)).hasSize(274);
    // 256 leaves: a full level-0 tile and a partial level-1 tile of width 1.
    assertThat(TilePath.all(256)).containsExactly(TilePath.hashes(0, 0, 256), TilePath.hashes(1, 0, 1),
        TilePath.entries(0, 256));
    assertThat(TilePath.all(0)).isEmpty();
  }

  @Test
  void widthsFollowTheTreeSize() {
    assertThat(TilePath.widthIn(70_000, 0, 272)).isEqualTo(256);
    assertThat(TilePath.widthIn(70_000, 0, 273)).isEqualTo(112);
    assertThat(TilePath.widthIn(70_000, 0, 274)).isZero();
    assertThat(TilePath.widthIn(70_000, 2, 0)).isEqualTo(1);
    assertThat(TilePath.widthIn(70_000, 3, 0)).isZero();
    assertThat(TilePath.widthIn(Long.MAX_VALUE, 7, 0)).isEqualTo(127);
    assertThat(TilePath.widthIn(Long.MAX_VALUE, 8, 0)).isZero();
  }
}
