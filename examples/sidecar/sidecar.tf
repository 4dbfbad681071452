# The sidecar in a Terraform-managed task definition: add the container beside the application's, and let the task
# role send to the session-events queue (also list the role in the deployment's reportingRoleArns).

variable "session_events_queue_arn" { type = string }
variable "session_events_queue_url" { type = string }
variable "sidecar_image" { type = string }

locals {
  session_sidecar = {
    name                   = "session-sidecar"
    image                  = var.sidecar_image
    essential              = false
    memoryReservation      = 64
    readonlyRootFilesystem = true
    command                = ["--port", "3389", "--min-age-seconds", "10", "--service", "rdp"]
    environment            = [{ name = "SESSION_SCALER_QUEUE_URL", value = var.session_events_queue_url }]
  }
}

# container_definitions = jsonencode([local.app_container, local.session_sidecar])

data "aws_iam_policy_document" "send_session_events" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [var.session_events_queue_arn]
  }
}

resource "aws_iam_role_policy" "send_session_events" {
  name   = "send-session-events"
  role   = aws_iam_role.task.id # the task role of the service's task definition
  policy = data.aws_iam_policy_document.send_session_events.json
}
