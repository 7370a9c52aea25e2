"""Defence Figures Explorer: curated figures proven against the sentences they came from."""
