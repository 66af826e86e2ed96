"""Views of the "What filters look for" page (feature visualisation): the per-layer grid
of channels, the enlarged channel and the page around them. Views only."""
