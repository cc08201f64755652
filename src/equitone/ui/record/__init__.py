"""The visit as a clinical record: the Overview's timeline and the Visit tab (notes, the
patient's response per block, the next-day report)."""
