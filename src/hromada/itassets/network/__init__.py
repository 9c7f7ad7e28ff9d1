"""Connectivity of the council and its institutions, and the video-surveillance cameras on the map."""
