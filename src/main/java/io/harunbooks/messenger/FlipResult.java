package io.harunbooks.messenger;

/** The answer of {@code ic flip}: the seed expects «started» or «OK». */
public record FlipResult(boolean ok, String answer) {
}
