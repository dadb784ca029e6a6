locals {
  function_name = "${var.name_prefix}-thumbnail"

  # S3 suffix filters are case-sensitive, and cameras write IMG_0001.JPG: every spelling the
  # pipeline accepts gets a filter of its own.
  image_suffixes = [".png", ".jpg", ".jpeg", ".PNG", ".JPG", ".JPEG"]
}

resource "aws_s3_bucket" "incoming" {
  bucket = "${var.name_prefix}-incoming"
  # Destroy must succeed after a run has left uploads behind.
  force_destroy = true
}

resource "aws_s3_bucket" "processed" {
  bucket        = "${var.name_prefix}-processed"
  force_destroy = true
}

resource "aws_sns_topic" "thumbnails" {
  name = "${var.name_prefix}-thumbnails"
}

data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "function" {
  name               = "${local.function_name}-role"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

# Least privilege: exactly what the handler calls, on exactly this stack's resources.
data "aws_iam_policy_document" "function" {
  statement {
    sid       = "ReadUploads"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.incoming.arn}/*"]
  }

  statement {
    sid       = "WriteThumbnails"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.processed.arn}/*"]
  }

  statement {
    sid       = "PublishSummaries"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.thumbnails.arn]
  }

  statement {
    sid = "CountFiles"
    # PutMetricData has no resource-level permissions; the namespace condition narrows it instead.
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "cloudwatch:namespace"
      values   = [var.metric_namespace]
    }
  }

  statement {
    sid       = "WriteLogs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [aws_cloudwatch_log_group.function.arn, "${aws_cloudwatch_log_group.function.arn}:*"]
  }
}

resource "aws_iam_role_policy" "function" {
  name   = "${local.function_name}-policy"
  role   = aws_iam_role.function.id
  policy = data.aws_iam_policy_document.function.json
}

# Declared, rather than left to Lambda's first run, so destroy removes it with the stack.
resource "aws_cloudwatch_log_group" "function" {
  name              = "/aws/lambda/${local.function_name}"
  retention_in_days = var.log_retention_days
}

resource "aws_lambda_function" "thumbnail" {
  function_name    = local.function_name
  role             = aws_iam_role.function.arn
  runtime          = "provided.al2023"
  handler          = "bootstrap"
  filename         = var.lambda_zip_path
  source_code_hash = filebase64sha256(var.lambda_zip_path)
  architectures    = var.architectures
  memory_size      = var.memory_size
  timeout          = var.timeout

  environment {
    # Without MAX_SOURCE_PIXELS the function derives its pixel limit from the memory size Lambda reports; without
    # MAX_SOURCE_BYTES it keeps its own default byte limit.
    variables = merge(
      {
        PROCESSED_BUCKET  = aws_s3_bucket.processed.bucket
        SNS_TOPIC_ARN     = aws_sns_topic.thumbnails.arn
        METRIC_NAMESPACE  = var.metric_namespace
        THUMBNAIL_MAX_DIM = tostring(var.thumbnail_max_dim)
        THUMBNAIL_ENGINE  = var.thumbnail_engine
      },
      var.max_source_pixels == null ? {} : { MAX_SOURCE_PIXELS = tostring(var.max_source_pixels) },
      var.max_source_bytes == null ? {} : { MAX_SOURCE_BYTES = tostring(var.max_source_bytes) },
      var.fault_injection ? { FAULT_INJECTION = "enabled" } : {},
    )
  }

  # The first event must find its log group and its permissions in place.
  depends_on = [aws_cloudwatch_log_group.function, aws_iam_role_policy.function]
}

resource "aws_lambda_permission" "s3_invoke" {
  statement_id  = "AllowIncomingBucketInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.thumbnail.function_name
  principal     = "s3.amazonaws.com"
  source_arn    = aws_s3_bucket.incoming.arn
}

resource "aws_s3_bucket_notification" "incoming" {
  bucket = aws_s3_bucket.incoming.id

  dynamic "lambda_function" {
    for_each = local.image_suffixes
    content {
      id                  = "thumbnail${replace(lambda_function.value, ".", "-")}"
      lambda_function_arn = aws_lambda_function.thumbnail.arn
      events              = ["s3:ObjectCreated:*"]
      filter_suffix       = lambda_function.value
    }
  }

  # S3 validates the destination when the configuration is written: Lambda must already allow S3.
  depends_on = [aws_lambda_permission.s3_invoke]
}
