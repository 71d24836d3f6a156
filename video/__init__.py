"""Video intelligence: probing, shot analysis, camera movement, exports."""
