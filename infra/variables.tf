variable "name_prefix" {
  description = "Carried by every resource name, so stacks never collide. Lowercase letters, digits and dashes."
  type        = string

  validation {
    # S3 bucket names allow only these characters; 40 keeps "<prefix>-thumbnail-role" under IAM's 64.
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$", var.name_prefix))
    error_message = "name_prefix must be 1-40 lowercase letters, digits or dashes, not starting or ending with a dash."
  }
}

variable "region" {
  description = "AWS region of every resource."
  type        = string
  default     = "us-east-1"
}

variable "endpoint" {
  description = "Empty for real AWS; otherwise the URL of an AWS-compatible emulator that serves every service."
  type        = string
  default     = ""
}

variable "lambda_zip_path" {
  description = "The published function: a zip with an executable bootstrap at its root."
  type        = string
}

variable "architectures" {
  description = "Instruction set of the bootstrap in the zip: [\"x86_64\"] or [\"arm64\"]."
  type        = list(string)
  default     = ["x86_64"]

  validation {
    condition     = length(var.architectures) == 1 && contains(["x86_64", "arm64"], var.architectures[0])
    error_message = "architectures must be [\"x86_64\"] or [\"arm64\"]."
  }
}

variable "thumbnail_max_dim" {
  description = "Longest side of a thumbnail, in pixels."
  type        = number
  default     = 128
}

variable "thumbnail_engine" {
  description = "Image library that makes thumbnails: imagesharp (the default) or libvips (faster on large JPEG photos; the zip carries its native library either way)."
  type        = string
  default     = "imagesharp"

  validation {
    condition     = contains(["imagesharp", "libvips"], var.thumbnail_engine)
    error_message = "thumbnail_engine must be imagesharp or libvips."
  }
}

variable "memory_size" {
  # Measured (ImageSharp 2.1, .NET 10, peak working set of the thumbnail path): a 24-megapixel JPEG peaks at
  # 166 MB, a 24-megapixel 16-bit PNG at 167 MB; 512 MB leaves three times that, and the pixel limit derived
  # from it (about 33 megapixels) stops anything that would not fit.
  description = "Function memory in MB (Lambda scales CPU with it). The default pixel limit is derived from it."
  type        = number
  default     = 512
}

variable "max_source_pixels" {
  description = "Largest upload, in declared pixels, the function decodes; null derives it from memory_size."
  type        = number
  default     = null

  validation {
    condition     = var.max_source_pixels == null ? true : var.max_source_pixels >= 1
    error_message = "max_source_pixels must be a positive number of pixels, or null."
  }
}

variable "max_source_bytes" {
  description = "Largest upload, in bytes, the function downloads; null keeps the function's default of 128 MB."
  type        = number
  default     = null

  validation {
    condition     = var.max_source_bytes == null ? true : var.max_source_bytes >= 1 && var.max_source_bytes <= 2147483591
    error_message = "max_source_bytes must be a number of bytes from 1 to 2147483591, or null."
  }
}

variable "timeout" {
  description = "Function timeout in seconds."
  type        = number
  default     = 30
}

variable "metric_namespace" {
  description = "CloudWatch namespace of the FilesProcessed metric."
  type        = string
  default     = "PipelineSpecs"
}

variable "log_retention_days" {
  description = "Retention of the function's log group."
  type        = number
  default     = 7
}

variable "fault_injection" {
  description = "Lets an upload's metadata (x-amz-meta-fault) ask the function for a timeout, a crash or a failed summary. Only the suite's fault stack sets it; never true in production."
  type        = bool
  default     = false
}

variable "offline_plan" {
  description = "Plan without reaching AWS (dummy credentials, no account lookup). For CI's configuration check only; never apply with it."
  type        = bool
  default     = false
}
