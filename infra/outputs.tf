output "incoming_bucket" {
  value = aws_s3_bucket.incoming.bucket
}

output "processed_bucket" {
  value = aws_s3_bucket.processed.bucket
}

output "topic_arn" {
  value = aws_sns_topic.thumbnails.arn
}

output "function_name" {
  value = aws_lambda_function.thumbnail.function_name
}

output "metric_namespace" {
  value = var.metric_namespace
}

output "log_group_name" {
  value = aws_cloudwatch_log_group.function.name
}

output "role_name" {
  value = aws_iam_role.function.name
}

output "endpoint_overrides" {
  description = "Service endpoints the provider is pointed at instead of AWS's; empty on AWS."
  value       = local.endpoint_overrides
}
