"""ict4d ETL: WSIS claims, ITU series, targets and progress, published as validated tables."""
