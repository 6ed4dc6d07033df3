"""Explicit input and output serializers, one module per area of Vigil. Output serializers
list every field that may leave (ADR 0021); input serializers only what a service takes."""
