"""The events capability's rows of the project's permission matrix, one list per part."""

from partneratlas.events.tests import matrix_core, matrix_documents, matrix_hosting, matrix_registration

ROWS = [*matrix_core.ROWS, *matrix_registration.ROWS, *matrix_documents.ROWS, *matrix_hosting.ROWS]
