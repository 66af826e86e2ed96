"""The Convolution Lab: step through a convolution cell by cell."""
