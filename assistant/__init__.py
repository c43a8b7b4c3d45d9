"""Vietnamese question answering over provincial administration plans.

Data flows one way: documents → structure → tasks/chunks → index → retrieval → answer → api.
"""

__version__ = "0.1.0"
