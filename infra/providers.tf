locals {
  # An empty endpoint means real AWS; anything else is an AWS-compatible emulator (moto, LocalStack).
  emulated = var.endpoint != ""
}

provider "aws" {
  region = var.region

  # Emulators answer every service on one URL and know no real account, instance metadata or
  # region list, so the provider's start-up checks are skipped there and only there.
  s3_use_path_style           = local.emulated
  skip_credentials_validation = local.emulated
  skip_metadata_api_check     = local.emulated
  skip_region_validation      = local.emulated
  skip_requesting_account_id  = local.emulated

  dynamic "endpoints" {
    for_each = local.emulated ? [var.endpoint] : []
    content {
      cloudwatch     = endpoints.value
      cloudwatchlogs = endpoints.value
      iam            = endpoints.value
      lambda         = endpoints.value
      s3             = endpoints.value
      sns            = endpoints.value
      sts            = endpoints.value
    }
  }

  default_tags {
    tags = {
      project     = "PipelineSpecs"
      name_prefix = var.name_prefix
    }
  }
}
