"""Uploads: decode, read (native / Fingertips / DfE EES), validate (pipeline.read_upload); loader commits."""
