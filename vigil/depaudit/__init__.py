"""The dependency audit behind `make audit`: every package of requirements.lock against OSV data.

The advisory data is committed (security/advisories/), so the audit needs no network; a newer
source is used when the operator names one and it can be read. The audit fails unless every
locked package was audited, so missing data can never pass as "no known vulnerabilities".
"""
