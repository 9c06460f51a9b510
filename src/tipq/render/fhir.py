from tipq.render.exporters import Exporter


class FhirExporter(Exporter):
    name = "fhir"
    description = "HL7 FHIR Questionnaire (JSON)"
    suffix = ".json"
